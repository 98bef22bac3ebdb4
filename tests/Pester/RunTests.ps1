#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the EcsNic Pester tests; build.ps1 -Test starts it in a fresh `dotnet pwsh -NoProfile`.

.DESCRIPTION
    Imports Pester from -PesterPath (build.ps1 restores Pester 5.9.1 from NuGet and passes the path of its Pester.psd1).
    The tests import the module from $env:ECSNIC_MODULE_PATH (build.ps1 sets it to out/EcsNic/EcsNic.psd1) and start
    the emulator built for $env:ECSNIC_CONFIGURATION. Writes the counts to -SummaryPath as JSON. Exits 0 when every
    test passed and at least one ran, 1 otherwise.
#>
param(
    [Parameter(Mandatory = $true)] [string] $PesterPath,
    [Parameter(Mandatory = $true)] [string] $TestPath,
    [Parameter(Mandatory = $true)] [string] $ResultPath,
    [Parameter(Mandatory = $true)] [string] $SummaryPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module -Name $PesterPath -Force
if ((Get-Module -Name Pester).Version -lt [version]'5.0.0') {
    throw "Pester 5 is required; $PesterPath is version $((Get-Module -Name Pester).Version)."
}

foreach ($path in $ResultPath, $SummaryPath) {
    $directory = Split-Path -Path $path -Parent
    if (-not (Test-Path -LiteralPath $directory)) {
        New-Item -ItemType Directory -Path $directory -Force | Out-Null
    }
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath

$result = Invoke-Pester -Configuration $configuration
$summary = [ordered]@{
    passed  = $result.PassedCount
    failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    skipped = $result.SkippedCount
    notRun  = $result.NotRunCount
    total   = $result.TotalCount
    result  = $result.Result
}
Set-Content -LiteralPath $SummaryPath -Value (ConvertTo-Json -InputObject $summary) -Encoding utf8NoBOM
if ($result.Result -ne 'Passed' -or $summary.failed -gt 0 -or $result.PassedCount -eq 0) {
    exit 1
}
exit 0
