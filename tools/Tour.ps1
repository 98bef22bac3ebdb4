#Requires -Version 7.2
<#
.SYNOPSIS
    The module's main job, run for real against a local emulator: build.ps1 -Demo starts this in a fresh pwsh.

.DESCRIPTION
    Starts the emulator on a free loopback port, imports the staged module, and runs the tour with the real cmdlets:
    list NICs; bind a virtual IP to an HA pair with reverse binding; attach a NIC with -Wait and bind it; unbind;
    detach. It prints each command as it runs it, with its formatted output, and checks each result against the
    emulator's own state. It stops the emulator and exits 0 only if every step was right, 1 otherwise.

.PARAMETER ModulePath
    The manifest to import; by default out/EcsNic/EcsNic.psd1.

.PARAMETER EmulatorArgument
    More emulator options, for example '--latency', '*:50' or '--fault', 'AssociateServerVirtualIp:server_error:0'
    (the tour's own test uses a fault to check that a wrong step fails the tour).
#>
param(
    [string] $ModulePath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'EcsNic', 'EcsNic.psd1'),
    [string[]] $EmulatorArgument = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, '..', 'tests', 'Pester', 'EcsNic.TestHelpers.psm1')) -Force
Import-Module -Name $ModulePath -Force

$script:Failures = [System.Collections.Generic.List[string]]::new()
$script:StepCount = 0

# Prints the command, runs it in this scope, prints its formatted output, then checks the result against the emulator.
function Invoke-TourStep {
    param(
        [Parameter(Mandatory = $true)] [string] $Title,
        [Parameter(Mandatory = $true)] [scriptblock] $Command,
        [Parameter(Mandatory = $true)] [scriptblock] $Check
    )
    $script:StepCount++
    Write-Host ''
    Write-Host "# $($script:StepCount). $Title" -ForegroundColor Yellow
    foreach ($line in $Command.ToString().Trim() -split "`r?`n") {
        Write-Host "PS> $($line.Trim())" -ForegroundColor Cyan
    }
    $result = $null
    try {
        $result = @(. $Command)
        $text = ($result | Out-String -Width 120).TrimEnd()
        if ($text) { Write-Host $text }
        $problem = & $Check $result
    }
    catch {
        $problem = "it failed: $($_.Exception.Message)"
    }
    if ($problem) {
        $script:Failures.Add("step $($script:StepCount) ($Title): $problem")
        Write-Host "FAILED: $problem" -ForegroundColor Red
    }
    else {
        Write-Host 'checked against the emulator: ok' -ForegroundColor Green
    }
    return $result
}

# The emulator's VIP port for an address, or $null.
function Get-TourVirtualIpPort {
    param([string] $IpAddress)
    $state = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'state'
    @($state.ports | Where-Object { $_.ip_address -eq $IpAddress -and $_.device_owner -eq 'neutron:VIP_PORT' }) |
        Select-Object -First 1
}

Set-EcsNicHermeticEnvironment
$emulator = Start-EcsNicEmulator -JobDurationMs 1000 -ArgumentList $EmulatorArgument
try {
    Write-Host "Emulator on $($emulator.BaseUrl) (its demo account; no cloud account is touched)."
    $account = $emulator.Account
    $web1 = $account.servers[0].id
    $web2 = $account.servers[1].id
    $web3 = $account.servers[2].id
    $subnet = $account.subnets[0].id
    $vip = '192.168.0.100'
    Write-Host "PS> `$web1 = '$web1'; `$web2 = '$web2'; `$web3 = '$web3'" -ForegroundColor Cyan
    Write-Host "PS> `$subnet = '$subnet'; `$vip = '$vip'" -ForegroundColor Cyan
    $credential = $emulator.Credential
    $region = $emulator.Region
    $endpoint = $emulator.Endpoint
    # IAM (the project lookup) has an address of its own, as on the real cloud; it is never inferred from -Endpoint.
    $iam = $emulator.IamEndpoint
    Write-Host "PS> `$region = '$region'; `$endpoint = '$endpoint'; `$iam = '$iam'" -ForegroundColor Cyan
    Write-Host "PS> `$credential = Get-Credential -UserName $($emulator.AccessKey)   # the emulator's demo secret key as the password" -ForegroundColor Cyan

    Invoke-TourStep -Title 'connect once for the session: the settings are checked with a signed request' -Command {
        Connect-EcsCloud -Credential $credential -Region $region -Endpoint $endpoint -IamEndpoint $iam
    } -Check {
        param($r)
        if ($r.Count -ne 1 -or -not $r[0].Validated) { return 'the connection was not validated' }
        if ($r[0].ProjectId -ne $account.project_id) { return "project $($r[0].ProjectId), expected $($account.project_id)" }
    } | Out-Null

    Invoke-TourStep -Title 'list the NICs of a server' -Command {
        Get-EcsServerNic -ServerId $web1
    } -Check {
        param($r)
        $expected = @($account.servers[0].nics.port_id | Sort-Object)
        $actual = @($r.PortId | Sort-Object)
        if (($actual -join ',') -ne ($expected -join ',')) { return "listed $($actual -join ', '); the emulator has $($expected -join ', ')" }
    } | Out-Null

    $pair = Invoke-TourStep -Title 'bind one virtual IP to both NICs of an HA pair, with reverse binding' -Command {
        Get-EcsServerNic -ServerId $web1, $web2 | Where-Object SubnetId -EQ $subnet |
            Set-EcsNicVirtualIp -IpAddress $vip -ReverseBinding
    } -Check {
        param($r)
        if ($r.Count -ne 2) { return "$($r.Count) bindings, expected 2" }
        $port = Get-TourVirtualIpPort -IpAddress $vip
        if (-not $port) { return "the emulator has no virtual IP port for $vip" }
        foreach ($binding in $r) {
            $nic = Get-EcsNicEmulatorPort -Emulator $emulator -PortId $binding.NicId
            if (@($nic.allowed_address_pairs.ip_address) -notcontains $vip) { return "NIC $($binding.NicId) does not carry $vip" }
            $nicIp = $nic.fixed_ips[0].ip_address
            if (@($port.allowed_address_pairs.ip_address) -notcontains $nicIp) {
                return "the virtual IP port lacks the reverse pair of $nicIp"
            }
        }
    }

    $newNic = Invoke-TourStep -Title 'attach a NIC to a third server and wait for the job; the new NIC comes out' -Command {
        Add-EcsServerNic -ServerId $web3 -SubnetId $subnet -Wait
    } -Check {
        param($r)
        if ($r.Count -ne 1 -or $r[0] -isnot [EcsNic.Core.Models.ServerNic]) { return "$($r.Count) records returned, expected one NIC" }
        $server = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path "servers/$web3"
        if (@($server.nics.id) -notcontains $r[0].PortId) { return "the emulator's server has no NIC $($r[0].PortId)" }
    }

    Invoke-TourStep -Title 'bind the same virtual IP to the new NIC' -Command {
        $newNic | Set-EcsNicVirtualIp -IpAddress $vip
    } -Check {
        param($r)
        if ($r.Count -ne 1) { return "$($r.Count) bindings, expected 1" }
        $nic = Get-EcsNicEmulatorPort -Emulator $emulator -PortId $newNic.PortId
        if (@($nic.allowed_address_pairs.ip_address) -notcontains $vip) { return "the new NIC does not carry $vip" }
    } | Out-Null

    Invoke-TourStep -Title 'unbind every virtual IP from the three servers, runbook style (no prompt)' -Command {
        Get-EcsServerNic -ServerId $web1, $web2, $web3 | Remove-EcsNicVirtualIp -Force
    } -Check {
        param($r)
        foreach ($id in @($pair.NicId) + @($newNic.PortId)) {
            $nic = Get-EcsNicEmulatorPort -Emulator $emulator -PortId $id
            if (@($nic.allowed_address_pairs).Count -ne 0) { return "NIC $id still carries $(@($nic.allowed_address_pairs.ip_address) -join ', ')" }
        }
        $port = Get-TourVirtualIpPort -IpAddress $vip
        if ($port -and @($port.allowed_address_pairs).Count -ne 0) { return "the virtual IP port still lists $(@($port.allowed_address_pairs.ip_address) -join ', ')" }
    } | Out-Null

    Invoke-TourStep -Title 'detach the new NIC again and wait for the job' -Command {
        $newNic | Remove-EcsServerNic -Force -Wait
    } -Check {
        param($r)
        $server = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path "servers/$web3"
        if (@($server.nics.id) -contains $newNic.PortId) { return "the emulator's server still has NIC $($newNic.PortId)" }
    } | Out-Null

    Disconnect-EcsCloud | Out-Null
}
finally {
    Stop-EcsNicEmulator -Emulator $emulator
}

Write-Host ''
if ($script:Failures.Count -gt 0) {
    Write-Host "Tour FAILED: $($script:Failures.Count) of $($script:StepCount) steps were wrong." -ForegroundColor Red
    $script:Failures | ForEach-Object { Write-Host "  $_" -ForegroundColor Red }
    exit 1
}
Write-Host "Tour passed: all $($script:StepCount) steps ran with the real cmdlets and matched the emulator's state." -ForegroundColor Green
exit 0
