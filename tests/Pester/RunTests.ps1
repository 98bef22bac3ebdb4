#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the EcsNic Pester tests; build.ps1 -Test starts it in a fresh pwsh -NoProfile.

.DESCRIPTION
    Needs Pester 5 (Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser). The tests import the module from
    $env:ECSNIC_MODULE_PATH (build.ps1 sets it to out/EcsNic/EcsNic.psd1) and start the emulator built for
    $env:ECSNIC_CONFIGURATION. Exits 0 when every test passed, 1 when any failed, 2 when Pester 5 is missing.
#>
param(
    [Parameter(Mandatory = $true)] [string] $TestPath,
    [Parameter(Mandatory = $true)] [string] $ResultPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$pester = Get-Module -Name Pester -ListAvailable |
    Where-Object { $_.Version -ge [version]'5.0.0' } |
    Sort-Object -Property Version -Descending |
    Select-Object -First 1
if (-not $pester) {
    Write-Host 'Pester 5 is required: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser' -ForegroundColor Red
    exit 2
}
Import-Module -Name $pester.Path -Force

$resultDir = Split-Path -Path $ResultPath -Parent
if (-not (Test-Path -LiteralPath $resultDir)) {
    New-Item -ItemType Directory -Path $resultDir -Force | Out-Null
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath

$result = Invoke-Pester -Configuration $configuration
if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0) {
    exit 1
}
exit 0
