#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Get-EcsNic' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'reads a NIC by ID, and a piped server NIC' {
        $port = Get-EcsNic -PortId $server1.nics[0].port_id @connection
        $port | Should -BeOfType ([EcsNic.Core.Models.VpcPort])
        $port.DeviceId | Should -Be $server1.id
        $port.Status | Should -Be 'ACTIVE'
        $port.IsAttached | Should -BeTrue
        (Get-EcsServerNic -ServerId $server1.id @connection | Get-EcsNic @connection).PortId | Should -Contain $port.PortId
    }

    It 'lists the ports of a piped subnet, and filters by fixed IP' {
        $ports = @(Get-EcsSubnet -SubnetId $subnetA.id @connection | Get-EcsNic @connection)
        $ports.SubnetId | Sort-Object -Unique | Should -Be $subnetA.id
        $ip = $server1.nics[0].ip_address
        (Get-EcsNic -SubnetId $subnetA.id -IpAddress $ip @connection).PortId | Should -Be $server1.nics[0].port_id
    }

    It 'lists the virtual IP ports of a subnet with the NICs they are bound to' {
        Get-EcsServerNic -ServerId $server1.id @connection | Where-Object SubnetId -EQ $subnetA.id |
            Set-EcsNicVirtualIp -IpAddress 192.168.0.200 -ReverseBinding @connection | Out-Null
        $vip = Get-EcsNic -SubnetId $subnetA.id -DeviceOwner 'neutron:VIP_PORT' @connection
        $vip.PrimaryIp | Should -Be '192.168.0.200'
        $vip.IsVirtualIp | Should -BeTrue
        $vip.AllowedAddressPairs.IpAddress | Should -Contain $server1.nics[0].ip_address
    }

    It 'lists the ports of a server' {
        (Get-EcsNic -ServerId $server1.id @connection).PortId | Sort-Object | Should -Be @($server1.nics.port_id | Sort-Object)
    }
}
