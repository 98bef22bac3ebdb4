<#
    P7, run in a fresh pwsh by PwshStartupScenario: times PowerShell's own first Import-Module (of an empty manifest
    module: what any module's first import pays in a fresh session; or of PSReadLine, as an interactive pwsh has done
    before its first prompt), then Import-Module EcsNic, (after an optional pause) the first and second Get-EcsServerNic
    (credentials from HUAWEICLOUD_SDK_AK/SK/PROJECT_ID, the emulator's fake demo account) and the first formatting of its
    output, each with a Stopwatch in this process. Prints one line, "RESULT " + JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    # Imported first, before EcsNic: an empty manifest module's path, or PSReadLine.
    [Parameter(Mandatory)] [string] $FirstModule,
    [Parameter(Mandatory)] [uri] $Endpoint,
    [Parameter(Mandatory)] [string] $Region,
    [Parameter(Mandatory)] [string] $ServerId,
    # A pause between the import and the first call, as a user typing would make (not timed).
    [int] $PauseMs = 0
)

$ErrorActionPreference = 'Stop'
$watch = [System.Diagnostics.Stopwatch]::new()

$watch.Restart()
Import-Module -Name $FirstModule
$baseline = $watch.Elapsed.TotalMilliseconds

$watch.Restart()
Import-Module -Name $ModulePath
$import = $watch.Elapsed.TotalMilliseconds

if ($PauseMs -gt 0) { Start-Sleep -Milliseconds $PauseMs }

$watch.Restart()
$nics = Get-EcsServerNic -ServerId $ServerId -Region $Region -Endpoint $Endpoint
$first = $watch.Elapsed.TotalMilliseconds

$watch.Restart()
$null = Get-EcsServerNic -ServerId $ServerId -Region $Region -Endpoint $Endpoint
$second = $watch.Elapsed.TotalMilliseconds

$watch.Restart()
$text = $nics | Out-String -Width 120
$format = $watch.Elapsed.TotalMilliseconds

$result = [ordered]@{
    baselineImportMs = $baseline
    importMs       = $import
    firstCallMs    = $first
    secondCallMs   = $second
    firstFormatMs  = $format
    nics           = @($nics).Count
    formattedChars = $text.Length
    psVersion      = $PSVersionTable.PSVersion.ToString()
}
'RESULT ' + ($result | ConvertTo-Json -Compress)
