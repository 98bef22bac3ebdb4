#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'New-EcsSubnet' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'creates a subnet in a piped VPC; it answers UNKNOWN, and -Wait returns it ACTIVE' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ subnet_unknown_ms = 1500 } | Out-Null
        $vpc = Get-EcsVpc -VpcId $demoVpc.id @connection
        $first = $vpc | New-EcsSubnet -Name sn-a -Cidr 192.168.70.0/24 @connection
        $first | Should -BeOfType ([EcsNic.Core.Models.EcsSubnet])
        $first.Status | Should -Be 'UNKNOWN'
        $first.GatewayIp | Should -Be '192.168.70.1' -Because 'the gateway defaults to the first host address'
        $first.VpcId | Should -Be $demoVpc.id
        $second = $vpc | New-EcsSubnet -Name sn-b -Cidr 192.168.71.0/24 -GatewayIp 192.168.71.254 -DnsServer 100.125.1.250 -Wait @connection
        $second.Status | Should -Be 'ACTIVE'
        $second.GatewayIp | Should -Be '192.168.71.254'
        $second.PrimaryDns | Should -Be '100.125.1.250'
    }

    It 'waits for a VPC still CREATING before creating the subnet in it' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ vpc_creating_ms = 1500 } | Out-Null
        $subnet = New-EcsVpc -Name slow-vpc -Cidr 10.70.0.0/16 @connection | New-EcsSubnet -Name sn -Cidr 10.70.1.0/24 @connection
        $subnet.Cidr | Should -Be '10.70.1.0/24'
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateSubnet | Should -Be 1
        Get-EcsNicRequestCount -Emulator $emulator -Operation ShowVpc | Should -BeGreaterThan 1
    }

    It 'rejects <Case> before creating anything' -ForEach @(
        @{ Case = 'a range outside the VPC'; Cidr = '10.9.0.0/24'; Gateway = $null; Parameter = 'Cidr'; Problem = 'not inside the VPC' }
        @{ Case = 'a range smaller than /28'; Cidr = '192.168.80.0/29'; Gateway = $null; Parameter = 'Cidr'; Problem = '/28' }
        @{ Case = 'a gateway outside the subnet'; Cidr = '192.168.80.0/24'; Gateway = '192.168.81.1'; Parameter = 'GatewayIp'; Problem = 'not inside the subnet' }
        @{ Case = 'the network address as gateway'; Cidr = '192.168.80.0/24'; Gateway = '192.168.80.0'; Parameter = 'GatewayIp'; Problem = 'network address' }
    ) {
        $arguments = @{ Name = 'bad'; Cidr = $Cidr; VpcId = $demoVpc.id }
        if ($Gateway) { $arguments.GatewayIp = $Gateway }
        $failure = Get-EcsNicThrownError { New-EcsSubnet @arguments @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -BeLike "$Parameter '*"
        "$failure" | Should -Match ([regex]::Escape($Problem))
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateSubnet | Should -Be 0
    }

    It 'refuses a VPC record of another region before sending anything' {
        $vpc = Get-EcsVpc -VpcId $demoVpc.id @connection
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $other = @{ Region = 'ap-southeast-1'; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential; ProjectId = $emulator.ProjectId }
        $failure = Get-EcsNicThrownError { $vpc | New-EcsSubnet -Name sn -Cidr 192.168.90.0/24 @other -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -Match "region $($emulator.Region)"
        "$failure" | Should -Match 'ap-southeast-1'
        "$failure" | Should -Match "give -Region $($emulator.Region), or use a VPC of ap-southeast-1\."
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').total_requests | Should -Be 0
    }

    It 'says a VPC ID unknown in the region is not visible there, before creating' {
        $failure = Get-EcsNicThrownError {
            New-EcsSubnet -Name sn -Cidr 10.0.1.0/24 -VpcId 00000000-0000-4000-8000-000000000000 @connection -ErrorAction Stop
        }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -Match 'VPC.0003'
        "$failure" | Should -Match 'another region'
        "$failure" | Should -Match 'check the ID and -Region\.'
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateSubnet | Should -Be 0
    }

    It 'passes on the cloud''s conflict code for an overlapping range' {
        $failure = Get-EcsNicThrownError { New-EcsSubnet -Name overlap -Cidr 192.168.0.0/25 -VpcId $demoVpc.id @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'VPC.0204,*'
    }

    It 'times out naming the subnets still UNKNOWN, within its polling budget' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ subnet_unknown_ms = 600000 } | Out-Null
        $vpc = Get-EcsVpc -VpcId $demoVpc.id @connection
        $failure = Get-EcsNicThrownError { $vpc | New-EcsSubnet -Name slow-x -Cidr 192.168.20.0/24 -Wait -TimeoutSec 4 @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.ResourceWaitTimeout,*'
        $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$failure" | Should -Match 'slow-x'
        "$failure" | Should -Match 'UNKNOWN'
        "$($failure.ErrorDetails.RecommendedAction)" | Should -Match 'Get-EcsSubnet -SubnetId'
        $failure.ErrorDetails.RecommendedAction | Should -BeLike 'Check it with Get-EcsSubnet -SubnetId * Wait longer with -TimeoutSec.'
        # First poll after 1 s, then 1.5 s, then 3 s: however slow the machine, 4 s hold at most two polls.
        Get-EcsNicRequestCount -Emulator $emulator -Operation ShowSubnet | Should -BeLessOrEqual 2
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreateSubnet | Should -Be 1
    }
}
