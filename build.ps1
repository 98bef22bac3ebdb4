#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the EcsNic module.

.DESCRIPTION
    Build (the default): runs `dotnet build src/EcsNic -c <Configuration>`. That project's StageModule target lays the
    importable module out in out/EcsNic (an explicit file allow-list, the format file, EcsNic.psd1 with ModuleVersion
    set from Directory.Build.props, and the en-US help that tools/EcsNic.HelpGen compiles from docs/en-US: the MAML
    file EcsNic.dll-Help.xml and about_EcsNic.help.txt). When platyPS v2 (Microsoft.PowerShell.PlatyPS) is installed,
    the MAML file is then made again with it from the same pages; the about topic always comes from EcsNic.HelpGen,
    since platyPS v2 does not convert about topics. -Clean deletes out/ and cleans the project first. -Package then
    writes out/EcsNic.<version>.nupkg for the PowerShell Gallery.

    Test: runs `dotnet test EcsNic.sln -c <Configuration>` (unless -SkipDotnetTest), builds the module and the emulator,
    then runs the Pester 5 tests in tests/Pester in a fresh `pwsh -NoProfile` against out/EcsNic. Any failure makes
    this script fail with a non-zero exit code.

.PARAMETER Configuration
    Debug or Release (the default).

.PARAMETER Clean
    Delete out/ and clean src/EcsNic before building.

.PARAMETER Package
    After building, pack out/EcsNic into out/EcsNic.<version>.nupkg with Publish-PSResource (PSResourceGet, which ships
    with PowerShell 7.4) through a temporary local folder repository, which is unregistered again afterwards.

.PARAMETER Test
    Run the tests instead of only building.

.PARAMETER SkipDotnetTest
    With -Test: skip `dotnet test` and run only the Pester tests (CI runs dotnet test itself first).

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Configuration Debug -Clean

.EXAMPLE
    ./build.ps1 -Package

.EXAMPLE
    ./build.ps1 -Test -SkipDotnetTest
#>
[CmdletBinding(DefaultParameterSetName = 'Build')]
param(
    [Parameter(ParameterSetName = 'Build')]
    [Parameter(ParameterSetName = 'Test')]
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [Parameter(ParameterSetName = 'Build')]
    [switch] $Clean,

    [Parameter(ParameterSetName = 'Build')]
    [switch] $Package,

    [Parameter(Mandatory = $true, ParameterSetName = 'Test')]
    [switch] $Test,

    [Parameter(ParameterSetName = 'Test')]
    [switch] $SkipDotnetTest
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = [System.IO.Path]::Combine($RepoRoot, 'out')
$ModuleDir = [System.IO.Path]::Combine($OutDir, 'EcsNic')
$ModuleProject = [System.IO.Path]::Combine($RepoRoot, 'src', 'EcsNic', 'EcsNic.csproj')
$EmulatorProject = [System.IO.Path]::Combine($RepoRoot, 'src', 'EcsNic.Emulator', 'EcsNic.Emulator.csproj')
$Solution = [System.IO.Path]::Combine($RepoRoot, 'EcsNic.sln')
$PesterDir = [System.IO.Path]::Combine($RepoRoot, 'tests', 'Pester')
$DocsDir = [System.IO.Path]::Combine($RepoRoot, 'docs', 'en-US')
$HelpFileName = 'EcsNic.dll-Help.xml'

# Runs dotnet and fails on a non-zero exit code (native commands do not throw on their own in Windows PowerShell).
function Invoke-Dotnet {
    param([Parameter(Mandatory = $true)] [string[]] $ArgumentList)
    Write-Host "dotnet $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & dotnet @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($ArgumentList[0]) failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    if ($Clean) {
        if (Test-Path -LiteralPath $OutDir) {
            Remove-Item -LiteralPath $OutDir -Recurse -Force
        }
        Invoke-Dotnet -ArgumentList @('clean', $ModuleProject, '-c', $Configuration, '--nologo')
    }
    # The StageModule target in EcsNic.csproj stages out/EcsNic as part of this build.
    Invoke-Dotnet -ArgumentList @('build', $ModuleProject, '-c', $Configuration, '--nologo')
    $manifest = [System.IO.Path]::Combine($ModuleDir, 'EcsNic.psd1')
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The build did not stage the module: $manifest is missing."
    }
    Update-ModuleHelp
    Write-Host "Module staged in $ModuleDir" -ForegroundColor Green
}

# The build staged en-US/ with EcsNic.HelpGen's MAML; where platyPS v2 is installed, its MAML of the same pages replaces it.
function Update-ModuleHelp {
    $platyPS = Get-Module -Name Microsoft.PowerShell.PlatyPS -ListAvailable |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if (-not $platyPS) {
        Write-Host 'Help compiled by tools/EcsNic.HelpGen (Microsoft.PowerShell.PlatyPS is not installed).'
        return
    }
    Import-Module -ModuleInfo $platyPS -Force
    $pages = @(Get-ChildItem -LiteralPath $DocsDir -Filter '*-*.md' -File | Sort-Object -Property Name)
    if ($pages.Count -eq 0) {
        throw "No cmdlet help pages in $DocsDir."
    }
    $temporary = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'EcsNicHelp' + [guid]::NewGuid().ToString('N'))
    try {
        $commandHelp = Import-MarkdownCommandHelp -Path ($pages | ForEach-Object { $_.FullName })
        Export-MamlCommandHelp -CommandHelp $commandHelp -OutputFolder $temporary -Force | Out-Null
        # The folder layout under the output folder differs between platyPS v2 releases; take the one file it wrote.
        $maml = @(Get-ChildItem -LiteralPath $temporary -Filter '*.xml' -File -Recurse)
        if ($maml.Count -ne 1) {
            throw "Export-MamlCommandHelp wrote $($maml.Count) XML files into $temporary; expected one."
        }
        $destination = [System.IO.Path]::Combine($ModuleDir, 'en-US', $HelpFileName)
        Copy-Item -LiteralPath $maml[0].FullName -Destination $destination -Force
        Write-Host "Help compiled by Microsoft.PowerShell.PlatyPS $($platyPS.Version) into $destination"
    }
    finally {
        if (Test-Path -LiteralPath $temporary) {
            Remove-Item -LiteralPath $temporary -Recurse -Force
        }
    }
}

function Invoke-Package {
    $manifest = Import-PowerShellDataFile -Path ([System.IO.Path]::Combine($ModuleDir, 'EcsNic.psd1'))
    $version = $manifest.ModuleVersion
    if (-not (Get-Command -Name Publish-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Packaging needs Microsoft.PowerShell.PSResourceGet (included in PowerShell 7.4): Install-Module Microsoft.PowerShell.PSResourceGet.'
    }
    $nupkg = [System.IO.Path]::Combine($OutDir, "EcsNic.$version.nupkg")
    if (Test-Path -LiteralPath $nupkg) {
        Remove-Item -LiteralPath $nupkg -Force
    }
    # A folder repository makes Publish-PSResource write the .nupkg there instead of uploading it; the random name
    # keeps the temporary registration from clashing with the user's own repositories.
    $repositoryName = 'EcsNicBuild' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $repositoryName -Uri $OutDir -Trusted
    try {
        Publish-PSResource -Path $ModuleDir -Repository $repositoryName
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
    }
    if (-not (Test-Path -LiteralPath $nupkg)) {
        throw "Publish-PSResource did not write $nupkg."
    }
    Write-Host "Package written to $nupkg" -ForegroundColor Green
}

function Invoke-Test {
    if (-not $SkipDotnetTest) {
        Invoke-Dotnet -ArgumentList @('test', $Solution, '-c', $Configuration, '--nologo')
    }
    # Cheap when up to date; makes sure the Pester tests see a staged module and a built emulator of this configuration.
    Invoke-Dotnet -ArgumentList @('build', $ModuleProject, '-c', $Configuration, '--nologo')
    Update-ModuleHelp
    Invoke-Dotnet -ArgumentList @('build', $EmulatorProject, '-c', $Configuration, '--nologo')

    $pwsh = Get-Command -Name pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $pwsh) {
        throw 'The Pester tests need PowerShell 7 (pwsh) on PATH.'
    }
    $runner = [System.IO.Path]::Combine($PesterDir, 'RunTests.ps1')
    $results = [System.IO.Path]::Combine($OutDir, 'TestResults', 'Pester.xml')

    # A fresh process without the profile, so nothing of this session (loaded modules, variables) leaks into the tests.
    $saved = @{ ECSNIC_MODULE_PATH = $env:ECSNIC_MODULE_PATH; ECSNIC_CONFIGURATION = $env:ECSNIC_CONFIGURATION }
    $env:ECSNIC_MODULE_PATH = [System.IO.Path]::Combine($ModuleDir, 'EcsNic.psd1')
    $env:ECSNIC_CONFIGURATION = $Configuration
    try {
        & $pwsh.Source -NoProfile -NonInteractive -File $runner -TestPath $PesterDir -ResultPath $results
        $exitCode = $LASTEXITCODE
    }
    finally {
        $env:ECSNIC_MODULE_PATH = $saved.ECSNIC_MODULE_PATH
        $env:ECSNIC_CONFIGURATION = $saved.ECSNIC_CONFIGURATION
    }
    if ($exitCode -ne 0) {
        throw "Pester tests failed (exit code $exitCode); results in $results."
    }
    Write-Host 'Pester tests passed.' -ForegroundColor Green
}

try {
    if ($PSCmdlet.ParameterSetName -eq 'Test') {
        Invoke-Test
    }
    else {
        Invoke-Build
        if ($Package) {
            Invoke-Package
        }
    }
}
catch {
    Write-Host $_.Exception.Message -ForegroundColor Red
    exit 1
}
