#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
    # The emulator's own view: the virtual IP port holding an address in subnet A.
    function Get-EmulatorVipPort([string] $IpAddress) {
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'state').ports |
            Where-Object { $_.device_owner -eq 'neutron:VIP_PORT' -and $_.ip_address -eq $IpAddress }
    }
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Get-EcsNicVirtualIp by NIC' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'lists the virtual IPs of each piped NIC, as the emulator holds them, with one ShowPort per NIC' {
        $nics = @(Get-DemoNic)
        $nics.Count | Should -BeGreaterThan 1
        $nics | Set-EcsNicVirtualIp -IpAddress '192.168.0.230' @connection | Out-Null
        $nics[0] | Set-EcsNicVirtualIp -IpAddress '192.168.0.231' -ReverseBinding @connection | Out-Null
        [void](Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset')

        $results = @($nics | Get-EcsNicVirtualIp -ThrottleLimit 4 @connection)

        Get-EcsNicRequestCount -Emulator $emulator -Operation 'ShowPort' | Should -Be $nics.Count
        Get-EcsNicRequestCount -Emulator $emulator -Operation 'ListPorts' | Should -Be 0
        $results | Should -HaveCount $nics.Count
        $results[0] | Should -BeOfType ([EcsNic.Core.Models.NicVirtualIps])
        $results.NicId | Should -Be @($nics.PortId)
        for ($i = 0; $i -lt $nics.Count; $i++) {
            $state = Get-EcsNicEmulatorPort -Emulator $emulator -PortId $nics[$i].PortId
            @($results[$i].VirtualIps | Sort-Object) | Should -Be @($state.allowed_address_pairs.ip_address | Sort-Object)
            $results[$i].ServerId | Should -Be $nics[$i].ServerId
            $results[$i].PrimaryIp | Should -Be $nics[$i].PrimaryIp
            $results[$i].AllowedAddressPairs[0].MacAddress | Should -Be $state.allowed_address_pairs[0].mac_address
        }
        @($results[0].VirtualIps | Sort-Object) | Should -Be @('192.168.0.230', '192.168.0.231')
        @($results[1].VirtualIps) | Should -Be @('192.168.0.230')
    }

    It 'says a NIC has no virtual IP with an empty list' {
        $nic = Get-DemoNic | Select-Object -First 1
        $result = Get-EcsNicVirtualIp -NicId $nic.PortId @connection
        $result.VirtualIps | Should -HaveCount 0
        $result.NicId | Should -Be $nic.PortId
    }

    It 'takes the bindings of Set-EcsNicVirtualIp and the ports of Get-EcsNic by property name' {
        $nic = Get-DemoNic | Select-Object -First 1
        $binding = $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.232' @connection
        ($binding | Get-EcsNicVirtualIp @connection).VirtualIps | Should -Be @('192.168.0.232')
        (Get-EcsNic -PortId $nic.PortId @connection | Get-EcsNicVirtualIp @connection).VirtualIps | Should -Be @('192.168.0.232')
    }

    It 'reports an unknown NIC with the row as its target and goes on' {
        $nic = Get-DemoNic | Select-Object -First 1
        $rows = @($unknownId, $nic.PortId | ForEach-Object { [pscustomobject]@{ NicId = $_ } })
        $results = @($rows | Get-EcsNicVirtualIp @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.NicId | Should -Be @($nic.PortId)
        $failures | Should -HaveCount 1
        $failures[0].TargetObject | Should -Be $rows[0]
        "$($failures[0])" | Should -Match ([regex]::Escape($unknownId))
    }

    It 'rejects a malformed NIC ID before sending, naming -NicId and the value as typed' {
        [void](Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset')
        Get-EcsNicVirtualIp -NicId 'not-a-nic' @connection -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$($failures[0])" | Should -BeLike "NicId 'not-a-nic'*"
        Get-EcsNicRequestCount -Emulator $emulator -Operation 'ShowPort' | Should -Be 0
    }
}

Describe 'Get-EcsNicVirtualIp by address' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'writes one record per NIC bound, with the virtual IP port and its allowed_address_pairs, from one ListPorts' {
        $nics = @(Get-DemoNic)
        $nics[0] | Set-EcsNicVirtualIp -IpAddress '192.168.0.240' -ReverseBinding @connection | Out-Null
        $nics[1] | Set-EcsNicVirtualIp -IpAddress '192.168.0.240' @connection | Out-Null
        [void](Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset')

        $results = @(Get-EcsNicVirtualIp -IpAddress '192.168.0.240' -SubnetId $subnetA.id @connection)

        Get-EcsNicRequestCount -Emulator $emulator -Operation 'ListPorts' | Should -Be 1
        $vip = Get-EmulatorVipPort '192.168.0.240'
        $results | Should -HaveCount 2
        $results[0] | Should -BeOfType ([EcsNic.Core.Models.VirtualIpPort])
        $results.PortId | Sort-Object -Unique | Should -Be $vip.id
        $results.SubnetId | Sort-Object -Unique | Should -Be $subnetA.id
        @($results.NicId | Sort-Object) | Should -Be @($nics[0].PortId, $nics[1].PortId | Sort-Object)
        # Only the reverse-bound NIC is in the virtual IP's own pairs, as in the emulator's state.
        ($results | Where-Object NicId -EQ $nics[0].PortId).ReverseBinding | Should -BeTrue
        ($results | Where-Object NicId -EQ $nics[1].PortId).ReverseBinding | Should -BeFalse
        @($results[0].AllowedAddressPairs.IpAddress) | Should -Be @($vip.allowed_address_pairs.ip_address)
        @($results[0].AllowedAddressPairs.IpAddress) | Should -Be @($nics[0].PrimaryIp)
        $results[0].AllowedAddressPairs[0].MacAddress | Should -Be $nics[0].MacAddress
    }

    It 'writes one record without a NIC for a virtual IP that nothing is bound to' {
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.243' @connection | Out-Null
        $nic | Remove-EcsNicVirtualIp -Force @connection | Out-Null
        $vip = Get-EmulatorVipPort '192.168.0.243'
        $vip | Should -Not -BeNullOrEmpty
        $result = @(Get-EcsNicVirtualIp -IpAddress '192.168.0.243' -SubnetId $subnetA.id @connection)
        $result | Should -HaveCount 1
        $result[0].PortId | Should -Be $vip.id
        $result[0].NicId | Should -BeNullOrEmpty
    }

    It 'pipes the NICs bound to a virtual IP into Remove-EcsNicVirtualIp by NicId' {
        $nics = @(Get-DemoNic)
        $nics | Set-EcsNicVirtualIp -IpAddress '192.168.0.241' @connection | Out-Null
        $unbound = @(Get-EcsNicVirtualIp -IpAddress '192.168.0.241' -SubnetId $subnetA.id @connection | Remove-EcsNicVirtualIp -Force @connection)
        @($unbound.NicId | Sort-Object) | Should -Be @($nics.PortId | Sort-Object)
        foreach ($nic in $nics) { (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $nic.PortId).allowed_address_pairs | Should -BeNullOrEmpty }
    }

    It 'says when the subnet has no such virtual IP' {
        Get-EcsNicVirtualIp -IpAddress '192.168.0.242' -SubnetId $subnetA.id @connection -ErrorVariable failures -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        "$($failures[0])" | Should -BeLike "Subnet $($subnetA.id) has no virtual IP 192.168.0.242*"
        $failures[0].TargetObject | Should -Be '192.168.0.242'
    }

    It 'rejects a malformed address before sending, naming -IpAddress and the value as typed' {
        [void](Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset')
        Get-EcsNicVirtualIp -IpAddress '192.168.0.300' -SubnetId $subnetA.id @connection -ErrorVariable failures -ErrorAction SilentlyContinue
        "$($failures[0])" | Should -BeLike "IpAddress '192.168.0.300'*"
        Get-EcsNicRequestCount -Emulator $emulator -Operation 'ListPorts' | Should -Be 0
    }
}
