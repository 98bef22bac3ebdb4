#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Get-EcsSubnet' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'lists the subnets of a piped VPC' {
        $subnets = @(Get-EcsVpc -VpcId $demoVpc.id @connection | Get-EcsSubnet @connection)
        $subnets.SubnetId | Should -Be @($subnetA.id, $subnetB.id)
        $subnets[0] | Should -BeOfType ([EcsNic.Core.Models.EcsSubnet])
        $subnets[0].NeutronSubnetId | Should -Be $subnetA.neutron_subnet_id
        $subnets[0].Status | Should -Be 'ACTIVE'
    }

    It 'reads a subnet by ID, lists all, and filters by name' {
        (Get-EcsSubnet -SubnetId $subnetB.id @connection).Cidr | Should -Be $subnetB.cidr
        @(Get-EcsSubnet @connection) | Should -HaveCount $emulator.Account.subnets.Count
        (Get-EcsSubnet -Name $subnetB.name @connection).SubnetId | Should -Be $subnetB.id
    }

    It 'reads the subnet of a piped NIC' {
        (Get-EcsServerNic -ServerId $server1.id @connection | Select-Object -First 1 | Get-EcsSubnet @connection).SubnetId | Should -Be $subnetA.id
    }

    It 'reports an unknown subnet with VPC.0202' {
        (Get-EcsNicThrownError { Get-EcsSubnet -SubnetId 00000000-0000-4000-8000-000000000000 @connection -ErrorAction Stop }).FullyQualifiedErrorId |
            Should -BeLike 'VPC.0202,*'
    }
}
