#Requires -Version 5.1
<#
    The helpers behind build.ps1: running dotnet and a fresh pinned pwsh, finding the NuGet copy of Pester, and reading
    and summing test results into the one closing line CI reads. Kept apart from build.ps1 so the Pester tests can
    import and check them.
#>

Set-StrictMode -Version Latest

$script:PesterVersion = '5.9.1'

function Invoke-Dotnet {
    <#
        Runs dotnet with the arguments, its output on the host. Throws on a non-zero exit code unless -AllowFailure,
        which returns the exit code instead (native commands do not throw on their own in Windows PowerShell).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string[]] $ArgumentList,
        [switch] $AllowFailure
    )
    Write-Host "dotnet $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & dotnet @ArgumentList | Out-Host
    $exitCode = $LASTEXITCODE
    if ($AllowFailure) {
        return $exitCode
    }
    if ($exitCode -ne 0) {
        throw "dotnet $($ArgumentList[0]) failed with exit code $exitCode."
    }
}

function Invoke-FreshPwsh {
    <#
        Runs the repository's pinned PowerShell (`dotnet pwsh`, from .config/dotnet-tools.json) in a new process with
        -NoProfile -NonInteractive, from the repository root, with the given environment variables set for it alone.
        Its output goes to the host; returns its exit code.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory = $true)] [string] $RepoRoot,
        [Parameter(Mandatory = $true)] [string[]] $ArgumentList,
        [hashtable] $Environment = @{}
    )
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, [string]$Environment[$name])
    }
    Push-Location -LiteralPath $RepoRoot
    try {
        & dotnet tool restore | Out-Null
        if ($LASTEXITCODE -ne 0) {
            throw "dotnet tool restore failed with exit code $LASTEXITCODE (it installs the pinned PowerShell)."
        }
        & dotnet pwsh -NoProfile -NonInteractive @ArgumentList | Out-Host
        return $LASTEXITCODE
    }
    finally {
        Pop-Location
        foreach ($name in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved[$name])
        }
    }
}

function Get-NuGetPackageRoot {
    <# The global NuGet packages folder: $env:NUGET_PACKAGES when set, else what `dotnet nuget locals` reports. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    if ($env:NUGET_PACKAGES) {
        return $env:NUGET_PACKAGES
    }
    # All of the output first: Select-Object -First would stop dotnet before it sets an exit code.
    $lines = @(& dotnet nuget locals global-packages --list)
    $exitCode = $LASTEXITCODE
    $line = $lines | Select-Object -First 1
    if ($exitCode -ne 0 -or "$line" -notmatch '^global-packages:\s*(.+)$') {
        throw "Could not find the NuGet packages folder: 'dotnet nuget locals global-packages --list' said '$line'."
    }
    return $Matches[1].Trim()
}

function Get-PesterModulePath {
    <#
        Restores tools/PesterRestore (a PackageDownload of Pester from NuGet) and returns the path of Pester.psd1 in
        the NuGet packages folder. Nothing is installed globally or taken from the PowerShell Gallery.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory = $true)] [string] $RepoRoot)
    $project = [System.IO.Path]::Combine($RepoRoot, 'tools', 'PesterRestore', 'PesterRestore.csproj')
    Invoke-Dotnet -ArgumentList @('restore', $project, '--nologo')
    $path = [System.IO.Path]::Combine((Get-NuGetPackageRoot), 'pester', $script:PesterVersion, 'tools', 'Pester.psd1')
    if (-not (Test-Path -LiteralPath $path)) {
        throw "Pester $script:PesterVersion was restored, but $path is missing."
    }
    return $path
}

function New-TestSummary {
    <# A mutable count of passed, failed and skipped tests. #>
    [CmdletBinding()]
    param([int] $Passed = 0, [int] $Failed = 0, [int] $Skipped = 0, [int] $Files = 0)
    [pscustomobject]@{ Passed = $Passed; Failed = $Failed; Skipped = $Skipped; Files = $Files }
}

function Get-TrxSummary {
    <#
        Sums the counters of every .trx file (Visual Studio test results, as `dotnet test --logger trx` writes them)
        under the folder. A file whose counters cannot be read counts as one failure, so a broken run cannot pass.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $summary = New-TestSummary
    if (-not (Test-Path -LiteralPath $Path)) {
        return $summary
    }
    foreach ($file in @(Get-ChildItem -LiteralPath $Path -Filter '*.trx' -File -Recurse)) {
        $summary.Files++
        $counters = $null
        try {
            [xml]$trx = Get-Content -LiteralPath $file.FullName -Raw
            $counters = $trx.GetElementsByTagName('Counters') | Select-Object -First 1
        }
        catch {
            $counters = $null
        }
        if ($null -eq $counters) {
            Write-Warning "No test counters in $($file.FullName); counted as one failure."
            $summary.Failed++
            continue
        }
        $passed = [int]$counters.GetAttribute('passed')
        $failed = [int]$counters.GetAttribute('failed') + [int]$counters.GetAttribute('error') + [int]$counters.GetAttribute('timeout') + [int]$counters.GetAttribute('aborted')
        $total = [int]$counters.GetAttribute('total')
        $summary.Passed += $passed
        $summary.Failed += $failed
        $summary.Skipped += [Math]::Max(0, $total - $passed - $failed)
    }
    return $summary
}

function Read-PesterSummary {
    <#
        Reads the summary tests/Pester/RunTests.ps1 writes. A missing or unreadable file, or a non-zero exit code with
        no failed test in it, counts as one failure.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [int] $ExitCode
    )
    $summary = New-TestSummary -Files 1
    if (-not (Test-Path -LiteralPath $Path)) {
        Write-Warning "The Pester run wrote no summary ($Path); counted as one failure."
        $summary.Failed = 1
        return $summary
    }
    $data = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
    $summary.Passed = [int]$data.passed
    $summary.Failed = [int]$data.failed
    $summary.Skipped = [int]$data.skipped + [int]$data.notRun
    if ($ExitCode -ne 0 -and $summary.Failed -eq 0) {
        Write-Warning "The Pester run exited with $ExitCode but reported no failed test; counted as one failure."
        $summary.Failed = 1
    }
    return $summary
}

function Join-TestSummary {
    <# Adds up summaries; $null entries (a suite that was not run) are left out. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [AllowEmptyCollection()] [AllowNull()] [object[]] $Summary)
    $total = New-TestSummary
    foreach ($item in $Summary) {
        if ($null -eq $item) { continue }
        $total.Passed += $item.Passed
        $total.Failed += $item.Failed
        $total.Skipped += $item.Skipped
        $total.Files += $item.Files
    }
    return $total
}

function Format-TestSummaryLine {
    <# The plain closing line: 'N passed, M failed', with ', K skipped' when any were skipped. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory = $true)] [object] $Summary)
    $line = '{0} passed, {1} failed' -f $Summary.Passed, $Summary.Failed
    if ($Summary.Skipped -gt 0) {
        $line += ', {0} skipped' -f $Summary.Skipped
    }
    return $line
}

Export-ModuleMember -Function @(
    'Invoke-Dotnet'
    'Invoke-FreshPwsh'
    'Get-NuGetPackageRoot'
    'Get-PesterModulePath'
    'New-TestSummary'
    'Get-TrxSummary'
    'Read-PesterSummary'
    'Join-TestSummary'
    'Format-TestSummaryLine'
)
