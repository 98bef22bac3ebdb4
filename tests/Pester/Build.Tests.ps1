#Requires -Version 7.2

# build.ps1's own logic (tools/BuildTools.psm1: result files to the closing line) and the tour that build.ps1 -Demo runs.

BeforeAll {
    $repoRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
    Import-Module -Name ([System.IO.Path]::Combine($repoRoot, 'tools', 'BuildTools.psm1')) -Force
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force

    function New-TrxFile {
        param([string] $Directory, [string] $Name, [int] $Total, [int] $Passed, [int] $Failed, [int] $ErrorCount = 0)
        $content = @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="Completed">
    <Counters total="$Total" executed="$($Passed + $Failed)" passed="$Passed" failed="$Failed" error="$ErrorCount" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
  </ResultSummary>
</TestRun>
"@
        Set-Content -LiteralPath ([System.IO.Path]::Combine($Directory, $Name)) -Value $content
    }
}

Describe 'BuildTools' {
    BeforeEach {
        $directory = Join-Path -Path $TestDrive -ChildPath ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $directory | Out-Null
    }

    It 'sums the counters of every trx file, skipped being the rest of the total' {
        New-TrxFile -Directory $directory -Name 'a.trx' -Total 10 -Passed 9 -Failed 0
        New-TrxFile -Directory $directory -Name 'b.trx' -Total 5 -Passed 3 -Failed 1 -ErrorCount 1
        $summary = Get-TrxSummary -Path $directory
        $summary.Passed | Should -Be 12
        $summary.Failed | Should -Be 2
        $summary.Skipped | Should -Be 1
        $summary.Files | Should -Be 2
    }

    It 'counts an unreadable trx file as a failure' {
        Set-Content -LiteralPath (Join-Path -Path $directory -ChildPath 'broken.trx') -Value 'not xml'
        (Get-TrxSummary -Path $directory -WarningAction SilentlyContinue).Failed | Should -Be 1
    }

    It 'counts a missing Pester summary, or a non-zero exit without failures, as a failure' {
        (Read-PesterSummary -Path (Join-Path -Path $directory -ChildPath 'none.json') -ExitCode 0 -WarningAction SilentlyContinue).Failed |
            Should -Be 1
        $path = Join-Path -Path $directory -ChildPath 'summary.json'
        Set-Content -LiteralPath $path -Value '{"passed": 7, "failed": 0, "skipped": 1, "notRun": 2}'
        $ok = Read-PesterSummary -Path $path -ExitCode 0
        $ok.Passed | Should -Be 7
        $ok.Failed | Should -Be 0
        $ok.Skipped | Should -Be 3
        (Read-PesterSummary -Path $path -ExitCode 1 -WarningAction SilentlyContinue).Failed | Should -Be 1
    }

    It 'joins summaries, leaving out a suite that did not run, into the plain closing line' {
        $total = Join-TestSummary -Summary @($null, (New-TestSummary -Passed 5 -Failed 1), (New-TestSummary -Passed 2 -Skipped 3))
        Format-TestSummaryLine -Summary $total | Should -BeExactly '7 passed, 1 failed, 3 skipped'
        Format-TestSummaryLine -Summary (New-TestSummary -Passed 4) | Should -BeExactly '4 passed, 0 failed'
    }

    It 'finds the Pester it runs with in the NuGet packages folder, not in a module path' {
        $loaded = (Get-Module -Name Pester).Path
        $root = Get-NuGetPackageRoot
        $loaded | Should -BeLike ([System.IO.Path]::Combine($root, 'pester', '5.9.1', 'tools') + '*')
    }

    It 'offers the Build, Test and Demo parameter sets' {
        $command = Get-Command -Name ([System.IO.Path]::Combine($repoRoot, 'build.ps1'))
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('Build', 'Demo', 'Test')
        $command.Parameters['Test'].ParameterSets['Test'].IsMandatory | Should -BeTrue
        $command.Parameters['Demo'].ParameterSets['Demo'].IsMandatory | Should -BeTrue
    }
}

Describe 'The tour (build.ps1 -Demo)' {
    BeforeAll {
        $tour = [System.IO.Path]::Combine($repoRoot, 'tools', 'Tour.ps1')
    }

    AfterEach {
        Disconnect-EcsCloud -ErrorAction SilentlyContinue | Out-Null
    }

    It 'runs every step with the real cmdlets, checks each against the emulator and exits 0' {
        $text = & $tour -ModulePath (Get-EcsNicModuleManifest) 6>&1 | Out-String
        $LASTEXITCODE | Should -Be 0
        $text | Should -Match 'PS> Get-EcsServerNic -ServerId \$web1, \$web2 \| Where-Object SubnetId -EQ \$subnet \|'
        $text | Should -Match 'PS> Add-EcsServerNic -ServerId \$web3 -SubnetId \$subnet -Wait'
        $text | Should -Match 'Tour passed: all 7 steps'
        ([regex]::Matches($text, 'checked against the emulator: ok')).Count | Should -Be 7
    }

    It 'exits 1 and names the step when a result is wrong' {
        $text = & $tour -ModulePath (Get-EcsNicModuleManifest) -EmulatorArgument '--fault', 'AssociateServerVirtualIp:server_error:0' 6>&1 |
            Out-String
        $LASTEXITCODE | Should -Be 1
        $text | Should -Match 'FAILED: '
        $text | Should -Match 'Tour FAILED: \d+ of 7 steps were wrong'
        $text | Should -Match 'step 3 \(bind one virtual IP to both NICs of an HA pair'
    }
}
