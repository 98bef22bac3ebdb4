#Requires -Version 7.2

# Set-/Remove-EcsNicVirtualIp -Api Vpc: the VPC port route (CreatePort neutron:VIP_PORT, UpdatePort), checked against
# the emulator's port state through its control API.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
    function Get-HaPair {
        foreach ($server in @($emulator.Account.servers)[0..1]) {
            Get-EcsServerNic -ServerId $server.id @connection | Where-Object SubnetId -EQ $subnetA.id
        }
    }

    function Get-VipPort([string] $Address) {
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'state').ports |
            Where-Object { $_.ip_address -eq $Address -and $_.device_owner -eq 'neutron:VIP_PORT' }
    }
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Set-/Remove-EcsNicVirtualIp -Api Vpc' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
        # The read-modify-write race on: the bind must still keep both NICs on the virtual IP.
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Put -Path 'race' -Body @{ enabled = $true; pause_ms = 20 } | Out-Null
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
    }

    It 'binds an HA pair through the VPC port API and unbinds it again' {
        $pair = @(Get-HaPair)
        $pair | Should -HaveCount 2

        $bindings = @($pair | Set-EcsNicVirtualIp -IpAddress '192.168.0.240' -Api Vpc @connection)

        $bindings.Action | Should -Be @('Bound', 'Bound')
        $bindings.NicId | Should -Be @($pair.PortId)
        $bindings.ReverseBinding | Should -Be @($true, $true)
        $bindings.ServerId | Should -Be @($pair.ServerId)
        $counters = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters'
        $counters.requests.CreatePort | Should -Be 1
        $counters.requests.PSObject.Properties.Name | Should -Not -Contain 'AssociateServerVirtualIp'
        $vip = @(Get-VipPort '192.168.0.240')
        $vip | Should -HaveCount 1
        @($vip[0].allowed_address_pairs.ip_address | Sort-Object) | Should -Be @($pair.PrimaryIp | Sort-Object)
        foreach ($nic in $pair) {
            (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $nic.PortId).allowed_address_pairs.ip_address | Should -Be '1.1.1.1/0'
        }

        $removed = @($pair[0] | Remove-EcsNicVirtualIp -Api Vpc -Force @connection)

        $removed.Action | Should -Be 'Unbound'
        # The VPC route names what it took the NIC off (the virtual IP ports' addresses) and the NIC's server.
        $removed.RemovedIpAddresses | Should -Be @('192.168.0.240')
        $removed.ServerId | Should -Be $pair[0].ServerId
        $removed.SubnetId | Should -Be $pair[0].SubnetId
        # A NIC that no virtual IP port lists says so.
        (@($pair[0] | Remove-EcsNicVirtualIp -Api Vpc -Force @connection)).Action | Should -Be 'NotBound'
        (Get-VipPort '192.168.0.240').allowed_address_pairs.ip_address | Should -Be $pair[1].PrimaryIp
        (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $pair[0].PortId).allowed_address_pairs | Should -BeNullOrEmpty
        (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $pair[1].PortId).allowed_address_pairs.ip_address | Should -Be '1.1.1.1/0'
    }

    It 'previews the VPC route with -WhatIf and sends nothing' {
        $nic = Get-HaPair | Select-Object -First 1
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.241' -Api Vpc -WhatIf @connection
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').total_requests | Should -Be 0
        Get-VipPort '192.168.0.241' | Should -BeNullOrEmpty
    }

    It 'rejects a value that is not a route, naming the parameter' {
        { Set-EcsNicVirtualIp -NicId '00000000-0000-4000-8000-000000000001' -SubnetId $subnetA.id -IpAddress '192.168.0.242' -Api Neutron -WhatIf @connection } |
            Should -Throw -ExpectedMessage "*'Api'*Neutron*"
    }
}
