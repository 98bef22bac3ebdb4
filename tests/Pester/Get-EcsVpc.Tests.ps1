#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Get-EcsVpc' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'lists every VPC of the project' {
        $vpcs = @(Get-EcsVpc @connection)
        $vpcs | Should -HaveCount $emulator.Account.vpcs.Count
        $vpcs[0] | Should -BeOfType ([EcsNic.Core.Models.EcsVpc])
        $vpcs.VpcId | Should -Contain $demoVpc.id
    }

    It 'reads one VPC by ID, and filters by name' {
        (Get-EcsVpc -VpcId $demoVpc.id @connection).Cidr | Should -Be $demoVpc.cidr
        (Get-EcsVpc -Name $demoVpc.name @connection).VpcId | Should -Be $demoVpc.id
        @(Get-EcsVpc -Name 'no-such-vpc' @connection) | Should -HaveCount 0
    }

    It 'reads the VPC of each piped subnet' {
        $vpc = Get-EcsSubnet -SubnetId $subnetA.id @connection | Get-EcsVpc @connection
        $vpc.VpcId | Should -Be $demoVpc.id
    }

    It 'reports an unknown VPC with VPC.0003 and an ill-formed ID before any request' {
        (Get-EcsNicThrownError { Get-EcsVpc -VpcId 00000000-0000-4000-8000-000000000000 @connection -ErrorAction Stop }).FullyQualifiedErrorId |
            Should -BeLike 'VPC.0003,*'
        $failure = Get-EcsNicThrownError { Get-EcsVpc -VpcId 'vpc-1' @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -BeLike "VpcId 'vpc-1'*"
    }

    It 'pages through a long list' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ vpc_quota = 300 } | Out-Null
        1..3 | ForEach-Object { New-EcsVpc -Name "paged-$_" -Cidr "10.$_.0.0/16" @connection | Out-Null }
        @(Get-EcsVpc @connection) | Should -HaveCount ($emulator.Account.vpcs.Count + 3)
    }
}
