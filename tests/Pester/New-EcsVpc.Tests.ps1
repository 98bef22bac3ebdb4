#Requires -Version 7.2
# New-EcsVpc, and the whole attach workflow of seed 004 as one pipeline, with its teardown in reverse.

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator -JobDurationMs 300
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    $demoVpc = $emulator.Account.vpcs[0]
    $server2 = $emulator.Account.servers[1]
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'New-EcsVpc' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'creates a VPC and returns it as it answers, CREATING' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ vpc_creating_ms = 60000 } | Out-Null
        $vpc = New-EcsVpc -Name app-vpc -Cidr 10.20.0.0/16 -Description 'runbook test' @connection
        $vpc | Should -BeOfType ([EcsNic.Core.Models.EcsVpc])
        $vpc.Name | Should -Be 'app-vpc'
        $vpc.Cidr | Should -Be '10.20.0.0/16'
        $vpc.Status | Should -Be 'CREATING'
        $vpc.Region | Should -Be $emulator.Region
        (Get-EcsVpc -VpcId $vpc.VpcId @connection).Status | Should -Be 'CREATING'
    }

    It 'returns the VPC once it reads OK with -Wait' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ vpc_creating_ms = 1500 } | Out-Null
        $vpc = New-EcsVpc -Name app-vpc -Cidr 10.20.0.0/16 -Wait @connection
        $vpc.Status | Should -Be 'OK'
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateVpc | Should -Be 1
    }

    It 'rejects <Cidr> before any request' -ForEach @(
        @{ Cidr = '8.8.0.0/16'; Problem = 'private' }
        @{ Cidr = '172.32.0.0/16'; Problem = 'private' }
        @{ Cidr = '10.0.0.0/25'; Problem = '/24' }
        @{ Cidr = '192.168.0.1/16'; Problem = 'host bits' }
        @{ Cidr = '192.168.0.0'; Problem = 'CIDR' }
    ) {
        $failure = Get-EcsNicThrownError { New-EcsVpc -Name bad -Cidr $Cidr @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -BeLike "Cidr '$Cidr'*"
        "$failure" | Should -Match ([regex]::Escape($Problem))
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateVpc | Should -Be 0
    }

    It 'answers the VPC quota with VPC.0114' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ vpc_quota = 2 } | Out-Null
        $failure = Get-EcsNicThrownError { New-EcsVpc -Name one-too-many -Cidr 10.30.0.0/16 @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'VPC.0114,*'
        $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'never repeats the create when the answer is lost, and says how to check' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'faults' -Body @{ operation = 'CreateVpc'; kind = 'drop_after'; count = 1 } | Out-Null
        $failure = Get-EcsNicThrownError { New-EcsVpc -Name lost-vpc -Cidr 10.40.0.0/16 @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.OutcomeUnknown,*'
        "$($failure.ErrorDetails.RecommendedAction)" | Should -Match 'Get-EcsVpc -Name lost-vpc'
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateVpc | Should -Be 1
        (Get-EcsVpc -Name lost-vpc @connection).Name | Should -Be 'lost-vpc'
    }

    It 'previews with -WhatIf and creates nothing' {
        New-EcsVpc -Name preview -Cidr 10.50.0.0/16 -WhatIf @connection | Should -BeNullOrEmpty
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateVpc | Should -Be 0
    }
}

Describe 'The attach workflow of seed 004' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
        # Each resource takes a while to become usable, as on the real service, so every -Wait has to wait.
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ vpc_creating_ms = 800; subnet_unknown_ms = 1200; port_build_ms = 1200 } | Out-Null
    }

    It 'runs as one pipeline from New-EcsVpc to Set-EcsNicVirtualIp, and tears down in reverse' {
        # BatchAddServerNics needs the server in the subnet's VPC: the delay-bound -ServerId launches one there (the
        # emulator's stand-in for ECS CreateServers) when the NIC arrives.
        $launched = [System.Collections.Generic.List[object]]::new()
        $binding = New-EcsVpc -Name wf-vpc -Cidr 10.20.0.0/16 @connection |
            New-EcsSubnet -Name wf-subnet -Cidr 10.20.1.0/24 -Wait @connection |
            New-EcsNic -IpAddress 10.20.1.10 -Wait @connection |
            Add-EcsServerNic -ServerId { $s = Start-EcsNicTestServer -Emulator $emulator -SubnetId $_.SubnetId; $launched.Add($s); $s.id } -Wait @connection |
            Set-EcsNicVirtualIp -IpAddress 10.20.1.100 @connection

        $binding.Action | Should -Be 'Bound'
        $binding.IpAddress | Should -Be '10.20.1.100'
        $server = $launched[0]
        $nic = Get-EcsServerNic -ServerId $server.id @connection | Where-Object PortId -NE $server.primary_port_id
        $nic.PrimaryIp | Should -Be '10.20.1.10'
        $nic.PortId | Should -Be $binding.NicId
        foreach ($operation in 'CreateVpc', 'CreateSubnet', 'CreatePort', 'BatchAddServerNics') {
            Get-EcsNicRequestCount -Emulator $emulator -Operation $operation | Should -Be 1 -Because "$operation is a POST sent once"
        }

        # Teardown, runbook style: unbind, detach, delete the ports left in the subnet (the virtual IP, the server's
        # primary NIC goes with the server), the subnet, the VPC.
        $subnet = Get-EcsSubnet -SubnetId $nic.SubnetId @connection
        $vpcId = $subnet.VpcId
        Remove-EcsNicVirtualIp -NicId $nic.PortId -Force @connection | Out-Null
        Remove-EcsServerNic -ServerId $server.id -NicId $nic.PortId -Wait -Force @connection | Out-Null
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $refused = Get-EcsNicThrownError { Remove-EcsSubnet -SubnetId $subnet.SubnetId -Force @connection -ErrorAction Stop }
        $refused.FullyQualifiedErrorId | Should -BeLike 'VPC.0209,*' -Because 'the launched server still has its primary NIC there'
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeleteSubnet | Should -Be 0
        Get-EcsNic -SubnetId $subnet.SubnetId -DeviceOwner 'neutron:VIP_PORT' @connection | Remove-EcsNic -Force @connection
        @(Get-EcsNic -SubnetId $subnet.SubnetId @connection | Where-Object { -not $_.IsAttached }) | Should -HaveCount 0
    }

    It 'runs as one pipeline into a server''s own VPC with -ServerId, and tears it all down with -Force' {
        $binding = Get-EcsVpc -VpcId $demoVpc.id @connection |
            New-EcsSubnet -Name wf-subnet -Cidr 192.168.60.0/24 -Wait @connection |
            New-EcsNic -IpAddress 192.168.60.10 -Wait @connection |
            Add-EcsServerNic -ServerId $server2.id -Wait @connection |
            Set-EcsNicVirtualIp -IpAddress 192.168.60.100 @connection
        $binding.Action | Should -Be 'Bound'
        $nic = Get-EcsServerNic -ServerId $server2.id @connection | Where-Object PrimaryIp -EQ '192.168.60.10'
        $nic.PortId | Should -Be $binding.NicId

        Remove-EcsNicVirtualIp -NicId $nic.PortId -Force @connection | Out-Null
        Remove-EcsServerNic -ServerId $server2.id -NicId $nic.PortId -Wait -Force @connection | Out-Null
        Get-EcsNic -SubnetId $nic.SubnetId @connection | Remove-EcsNic -Force @connection
        Get-EcsSubnet -SubnetId $nic.SubnetId @connection | Remove-EcsSubnet -Force @connection
        @(Get-EcsSubnet -VpcId $demoVpc.id -Name wf-subnet @connection) | Should -HaveCount 0
        @(Get-EcsServerNic -ServerId $server2.id @connection).PrimaryIp | Should -Not -Contain '192.168.60.10'
    }

    It 'deletes a new VPC, subnet and NIC in reverse once nothing uses them' {
        $nic = New-EcsVpc -Name td-vpc -Cidr 10.60.0.0/16 @connection |
            New-EcsSubnet -Name td-subnet -Cidr 10.60.1.0/24 -Wait @connection |
            New-EcsNic -Wait @connection
        $subnet = Get-EcsSubnet -SubnetId $nic.SubnetId @connection
        $vpc = Get-EcsVpc -VpcId $subnet.VpcId @connection

        $nic | Remove-EcsNic -Force @connection
        $subnet | Remove-EcsSubnet -Force @connection
        $vpc | Remove-EcsVpc -Force @connection

        Get-EcsNicRequestCount -Emulator $emulator -Operation DeleteVpc | Should -Be 1
        (Get-EcsNicThrownError { Get-EcsVpc -VpcId $vpc.VpcId @connection -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'VPC.0003,*'
        (Get-EcsNicThrownError { Get-EcsSubnet -SubnetId $subnet.SubnetId @connection -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'VPC.0202,*'
        (Get-EcsNicThrownError { Get-EcsNic -PortId $nic.PortId @connection -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'VPC.2502,*'
    }
}
