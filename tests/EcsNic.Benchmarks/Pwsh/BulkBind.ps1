<#
    P6, run in a fresh pwsh by PwshBulkScenario: pipes the records of a CSV into Set-EcsNicVirtualIp -ReverseBinding as a
    user would, against the emulator the benchmark started. Credentials come from HUAWEICLOUD_SDK_AK/SK/PROJECT_ID (the
    emulator's fake demo account). Prints one line, "RESULT " + JSON, with the timings, counts and this process's CPU and
    peak memory; the benchmark checks the emulator's state itself.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [uri] $Endpoint,
    [Parameter(Mandatory)] [string] $Region,
    [Parameter(Mandatory)] [int] $ThrottleLimit,
    [Parameter(Mandatory)] [int] $SequentialSample
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest

Import-Module -Name $ModulePath
$null = Connect-EcsCloud -Region $Region -Endpoint $Endpoint
$records = @(Import-Csv -LiteralPath $CsvPath)

# Warm-up: the first bind pays for JIT and the connection; record 0 is bound again by the run, which changes nothing.
$null = $records[0] | Set-EcsNicVirtualIp -ReverseBinding -ThrottleLimit 1

$self = [System.Diagnostics.Process]::GetCurrentProcess()
$cpuBefore = $self.TotalProcessorTime
$errors = [System.Collections.Generic.List[object]]::new()
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$outputs = @($records | Set-EcsNicVirtualIp -ReverseBinding -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable +errors)
$watch.Stop()
$self.Refresh()
$cpu = ($self.TotalProcessorTime - $cpuBefore).TotalSeconds

# The sequential reference, in the same process: the first records again at ThrottleLimit 1 (binding what is already
# bound makes the same calls, and leaves the state as it is).
$sample = [Math]::Min($SequentialSample, $records.Count)
$sequentialWatch = [System.Diagnostics.Stopwatch]::StartNew()
$sequentialOutputs = @($records[0..($sample - 1)] | Set-EcsNicVirtualIp -ReverseBinding -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable +errors)
$sequentialWatch.Stop()
$self.Refresh()

$firstError = if ($errors.Count -gt 0) { [string]$errors[0] } else { $null }
$result = [ordered]@{
    records           = $records.Count
    outputs           = $outputs.Count
    wallSeconds       = $watch.Elapsed.TotalSeconds
    cpuSeconds        = $cpu
    sequentialRecords = $sample
    sequentialOutputs = $sequentialOutputs.Count
    sequentialSeconds = $sequentialWatch.Elapsed.TotalSeconds
    errors            = $errors.Count
    firstError        = $firstError
    peakWorkingSet    = $self.PeakWorkingSet64
    psVersion         = $PSVersionTable.PSVersion.ToString()
}
'RESULT ' + ($result | ConvertTo-Json -Compress)
