#Requires -Version 7.2

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    # Well-formed (so the module sends it) but unknown to the emulator.
    $unknownId = '00000000-0000-4000-8000-000000000001'
    $servers = $emulator.Account.servers
    $subnetA = $emulator.Account.subnets[0]

    function Get-DemoNic {
        foreach ($server in $servers) {
            Get-EcsServerNic -ServerId $server.id @connection | Where-Object SubnetId -EQ $subnetA.id
        }
    }

    function Get-PairAddress([string] $PortId) {
        (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $PortId).allowed_address_pairs | ForEach-Object { $_.ip_address }
    }
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Remove-EcsNicVirtualIp' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'unbinds the virtual IPs of bindings piped from Set-EcsNicVirtualIp' {
        $nics = @(Get-DemoNic)
        $bindings = @($nics | Set-EcsNicVirtualIp -IpAddress '192.168.0.220' @connection)
        $results = @($bindings | Remove-EcsNicVirtualIp -Force @connection)
        $results | Should -HaveCount $nics.Count
        $results[0] | Should -BeOfType ([EcsNic.Core.Models.VirtualIpBinding])
        $results.Action | Sort-Object -Unique | Should -Be 'Unbound'
        $results.NicId | Should -Be @($nics.PortId)
        foreach ($nic in $nics) {
            Get-PairAddress $nic.PortId | Should -Not -Contain '192.168.0.220'
        }
    }

    It 'takes NICs from Get-EcsServerNic and does not prompt by default' {
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.221' @connection | Out-Null
        # ConfirmImpact is Medium, so with the default $ConfirmPreference (High) nothing prompts; a prompt would fail
        # in this non-interactive session.
        ($nic | Remove-EcsNicVirtualIp @connection).Action | Should -Be 'Unbound'
        Get-PairAddress $nic.PortId | Should -Not -Contain '192.168.0.221'
    }

    It 'takes NIC IDs positionally and by -InputObject' {
        $nics = @(Get-DemoNic)
        $nics | Set-EcsNicVirtualIp -IpAddress '192.168.0.222' @connection | Out-Null
        (Remove-EcsNicVirtualIp $nics[0].PortId -Confirm:$false @connection).NicId | Should -Be $nics[0].PortId
        (Remove-EcsNicVirtualIp -InputObject $nics[1] -Confirm:$false @connection).NicId | Should -Be $nics[1].PortId
    }

    It 'previews with -WhatIf even with -Force' {
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.223' @connection | Out-Null
        $nic | Remove-EcsNicVirtualIp -Force -WhatIf @connection | Should -BeNullOrEmpty
        Get-PairAddress $nic.PortId | Should -Contain '192.168.0.223'
    }

    It 'reports an unknown NIC and goes on' {
        $nic = Get-DemoNic | Select-Object -First 1
        $results = @($unknownId, $nic.PortId | ForEach-Object { [pscustomobject]@{ NicId = $_ } } |
            Remove-EcsNicVirtualIp -Force @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.NicId | Should -Be @($nic.PortId)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0307,*'
        $failures[0].TargetObject | Should -Be $unknownId
    }
}
