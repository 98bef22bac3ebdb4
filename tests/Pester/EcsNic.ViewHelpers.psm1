#Requires -Version 7.2
<# Checks of the default views as a terminal of a given width shows them (Out-String -Width). #>

Set-StrictMode -Version Latest

function Get-EcsNicViewProblem {
    <#
        Renders the objects with their default view at -Width columns and returns what is wrong, one string per
        problem: a line wider than the terminal, an ID of -Id that no line shows whole, or a cut cell (PowerShell's "…").
        Nothing comes back when the view fits.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)] [object[]] $InputObject,
        [Parameter(Mandatory = $true)] [int] $Width,
        [string[]] $Id = @()
    )
    $text = $InputObject | Out-String -Width $Width
    $lines = $text -split "`r?`n"
    foreach ($line in $lines) {
        if ($line.TrimEnd().Length -gt $Width) { "wider than $Width columns: '$line'" }
        if ($line.Contains([char]0x2026) -or $line.TrimEnd().EndsWith('...')) { "a cell is cut: '$line'" }
    }
    foreach ($value in $Id) {
        if (-not ($lines | Where-Object { $_.Contains($value) })) { "ID $value is not shown whole" }
    }
}

Export-ModuleMember -Function 'Get-EcsNicViewProblem'
