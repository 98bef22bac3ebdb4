#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the EcsNic module.

.DESCRIPTION
    Build (the default): runs `dotnet build src/EcsNic -c <Configuration>`. That project's StageModule target lays the
    importable module out in out/EcsNic (an explicit file allow-list, the format file, EcsNic.psd1 with ModuleVersion
    set from Directory.Build.props, and the en-US help that tools/EcsNic.HelpGen compiles from docs/en-US: the MAML
    file EcsNic.dll-Help.xml and about_EcsNic.help.txt). When platyPS v2 (Microsoft.PowerShell.PlatyPS) is installed,
    the MAML file is then made again with it from the same pages. -Clean deletes out/ and cleans the project first.
    -Package then writes out/EcsNic.<version>.nupkg for the PowerShell Gallery.

    Test: runs `dotnet test EcsNic.sln -c <Configuration>` (unless -SkipDotnetTest), builds the module and the emulator,
    restores Pester 5.9.1 from NuGet (tools/PesterRestore) and runs every Pester test in tests/Pester in a fresh
    `pwsh -NoProfile` against out/EcsNic. Its last line sums both: `N passed, M failed`. Any failure, or a suite that
    ran no test, makes the script exit non-zero. Pester is never skipped.

    Demo: builds the module and the emulator, then runs tools/Tour.ps1 in a fresh `pwsh -NoProfile`: it starts the
    emulator on a free loopback port, runs the tour with the real cmdlets, prints each command and its output, checks
    each result against the emulator's state, and stops the emulator. Exits 0 only if every step was right.

    On a fresh machine run it through the pinned PowerShell tool: `dotnet tool restore && dotnet pwsh ./build.ps1 -Test`.

.PARAMETER Configuration
    Debug or Release (the default).

.PARAMETER Clean
    Delete out/ and clean src/EcsNic before building.

.PARAMETER Package
    After building, pack out/EcsNic into out/EcsNic.<version>.nupkg with Publish-PSResource through a temporary local
    folder repository, which is unregistered again afterwards.

.PARAMETER Test
    Run every test (xunit, then Pester) instead of only building.

.PARAMETER SkipDotnetTest
    With -Test: skip `dotnet test` and run only the Pester tests.

.PARAMETER Demo
    Build, then run the tour against a local emulator.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Test

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Demo

.EXAMPLE
    ./build.ps1 -Configuration Debug -Clean
#>
[CmdletBinding(DefaultParameterSetName = 'Build')]
param(
    [Parameter(ParameterSetName = 'Build')]
    [Parameter(ParameterSetName = 'Test')]
    [Parameter(ParameterSetName = 'Demo')]
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [Parameter(ParameterSetName = 'Build')]
    [switch] $Clean,

    [Parameter(ParameterSetName = 'Build')]
    [switch] $Package,

    [Parameter(Mandatory = $true, ParameterSetName = 'Test')]
    [switch] $Test,

    [Parameter(ParameterSetName = 'Test')]
    [switch] $SkipDotnetTest,

    [Parameter(Mandatory = $true, ParameterSetName = 'Demo')]
    [switch] $Demo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = [System.IO.Path]::Combine($RepoRoot, 'out')
$ModuleDir = [System.IO.Path]::Combine($OutDir, 'EcsNic')
$ModuleManifest = [System.IO.Path]::Combine($ModuleDir, 'EcsNic.psd1')
$ModuleProject = [System.IO.Path]::Combine($RepoRoot, 'src', 'EcsNic', 'EcsNic.csproj')
$EmulatorProject = [System.IO.Path]::Combine($RepoRoot, 'src', 'EcsNic.Emulator', 'EcsNic.Emulator.csproj')
$Solution = [System.IO.Path]::Combine($RepoRoot, 'EcsNic.sln')
$PesterDir = [System.IO.Path]::Combine($RepoRoot, 'tests', 'Pester')
$DocsDir = [System.IO.Path]::Combine($RepoRoot, 'docs', 'en-US')
$HelpFileName = 'EcsNic.dll-Help.xml'

Import-Module -Name ([System.IO.Path]::Combine($RepoRoot, 'tools', 'BuildTools.psm1')) -Force

function Invoke-Build {
    if ($Clean) {
        if (Test-Path -LiteralPath $OutDir) {
            Remove-Item -LiteralPath $OutDir -Recurse -Force
        }
        Invoke-Dotnet -ArgumentList @('clean', $ModuleProject, '-c', $Configuration, '--nologo')
    }
    # The StageModule target in EcsNic.csproj stages out/EcsNic as part of this build.
    Invoke-Dotnet -ArgumentList @('build', $ModuleProject, '-c', $Configuration, '--nologo')
    if (-not (Test-Path -LiteralPath $ModuleManifest)) {
        throw "The build did not stage the module: $ModuleManifest is missing."
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
        Copy-Item -LiteralPath $maml[0].FullName -Destination ([System.IO.Path]::Combine($ModuleDir, 'en-US', $HelpFileName)) -Force
        Write-Host "Help compiled by Microsoft.PowerShell.PlatyPS $($platyPS.Version)."
    }
    finally {
        if (Test-Path -LiteralPath $temporary) {
            Remove-Item -LiteralPath $temporary -Recurse -Force
        }
    }
}

function Invoke-Package {
    $version = (Import-PowerShellDataFile -Path $ModuleManifest).ModuleVersion
    if (-not (Get-Command -Name Publish-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Packaging needs Microsoft.PowerShell.PSResourceGet (included in PowerShell 7.4 and later).'
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

# The module, its help and the emulator, built for $Configuration; cheap when up to date.
function Invoke-BuildForRun {
    Invoke-Dotnet -ArgumentList @('build', $ModuleProject, '-c', $Configuration, '--nologo')
    Update-ModuleHelp
    Invoke-Dotnet -ArgumentList @('build', $EmulatorProject, '-c', $Configuration, '--nologo')
}

function Invoke-Test {
    $xunit = $null
    if (-not $SkipDotnetTest) {
        $trxDir = [System.IO.Path]::Combine($OutDir, 'TestResults', 'xunit')
        if (Test-Path -LiteralPath $trxDir) {
            Remove-Item -LiteralPath $trxDir -Recurse -Force
        }
        # A failing dotnet test does not stop the run: Pester still runs, and the summary counts both.
        $dotnetTestExit = Invoke-Dotnet -AllowFailure -ArgumentList @('test', $Solution, '-c', $Configuration, '--nologo',
            '--logger', 'trx', '--results-directory', $trxDir)
        $xunit = Get-TrxSummary -Path $trxDir
        Write-Host ('xunit: {0} passed, {1} failed, {2} skipped ({3} test assemblies; dotnet test exit code {4})' -f
            $xunit.Passed, $xunit.Failed, $xunit.Skipped, $xunit.Files, $dotnetTestExit)
        if ($dotnetTestExit -ne 0 -and $xunit.Failed -eq 0) {
            # A build error or a crashed test host fails the run even though no test reported a failure.
            $xunit.Failed = 1
            Write-Host 'dotnet test failed without a failed test (a build error or a test host crash): counted as one failure.' -ForegroundColor Red
        }
    }

    Invoke-BuildForRun
    $pester = Get-PesterModulePath -RepoRoot $RepoRoot
    $summaryPath = [System.IO.Path]::Combine($OutDir, 'TestResults', 'Pester-summary.json')
    $results = [System.IO.Path]::Combine($OutDir, 'TestResults', 'Pester.xml')
    if (Test-Path -LiteralPath $summaryPath) {
        Remove-Item -LiteralPath $summaryPath -Force
    }
    $runner = [System.IO.Path]::Combine($PesterDir, 'RunTests.ps1')
    $pesterExit = Invoke-FreshPwsh -RepoRoot $RepoRoot -Environment @{
        ECSNIC_MODULE_PATH   = $ModuleManifest
        ECSNIC_CONFIGURATION = $Configuration
    } -ArgumentList @('-File', $runner, '-PesterPath', $pester, '-TestPath', $PesterDir, '-ResultPath', $results,
        '-SummaryPath', $summaryPath)
    $pesterSummary = Read-PesterSummary -Path $summaryPath -ExitCode $pesterExit
    Write-Host ('Pester: {0} passed, {1} failed, {2} skipped (exit code {3})' -f
        $pesterSummary.Passed, $pesterSummary.Failed, $pesterSummary.Skipped, $pesterExit)

    $total = Join-TestSummary -Summary @($xunit, $pesterSummary)
    # The closing line CI reads: nothing may be printed after it.
    Write-Output (Format-TestSummaryLine -Summary $total)
    if ($total.Failed -gt 0 -or $total.Passed -eq 0) {
        exit 1
    }
    exit 0
}

function Invoke-Demo {
    Invoke-BuildForRun
    $tour = [System.IO.Path]::Combine($RepoRoot, 'tools', 'Tour.ps1')
    $exitCode = Invoke-FreshPwsh -RepoRoot $RepoRoot -Environment @{ ECSNIC_CONFIGURATION = $Configuration } `
        -ArgumentList @('-File', $tour, '-ModulePath', $ModuleManifest)
    exit $exitCode
}

try {
    switch ($PSCmdlet.ParameterSetName) {
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        default {
            Invoke-Build
            if ($Package) {
                Invoke-Package
            }
        }
    }
}
catch {
    Write-Host $_.Exception.Message -ForegroundColor Red
    exit 1
}
