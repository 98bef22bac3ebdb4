#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
    $group = 'f2c5b3fc-b971-4a86-87b9-032586260e3e'
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'New-EcsNic' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'creates a free NIC with a fixed IP in a piped subnet; it answers DOWN' {
        $nic = Get-EcsSubnet -SubnetId $subnetB.id @connection | New-EcsNic -IpAddress 192.168.1.38 -SecurityGroupId $group -Name app-nic @connection
        $nic | Should -BeOfType ([EcsNic.Core.Models.VpcPort])
        $nic.Status | Should -Be 'DOWN'
        $nic.PrimaryIp | Should -Be '192.168.1.38'
        $nic.SubnetId | Should -Be $subnetB.id
        $nic.FixedIpSubnetIds | Should -Be @($subnetB.neutron_subnet_id)
        $nic.SecurityGroupIds | Should -Be @($group)
        $nic.IsAttachable | Should -BeTrue
        $nic.PSObject.Properties.Name | Should -Not -Contain 'IpAddress' -Because 'piping a NIC must never bind its own address as a virtual IP'
    }

    It 'returns the NIC once it is ready to attach with -Wait' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ port_build_ms = 1500 } | Out-Null
        $built = New-EcsNic -SubnetId $subnetB.id @connection
        $built.Status | Should -Be 'BUILD'
        $ready = New-EcsNic -SubnetId $subnetB.id -Wait @connection
        $ready.Status | Should -Be 'DOWN'
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreatePort | Should -Be 2
    }

    It 'rejects <Case> before creating anything' -ForEach @(
        @{ Case = 'an address outside the subnet'; Ip = '192.168.5.10'; Groups = @(); Parameter = 'IpAddress'; Problem = 'not inside the subnet' }
        @{ Case = 'the gateway'; Ip = '192.168.1.1'; Groups = @(); Parameter = 'IpAddress'; Problem = 'gateway' }
        @{ Case = 'the broadcast address'; Ip = '192.168.1.255'; Groups = @(); Parameter = 'IpAddress'; Problem = 'broadcast' }
        @{ Case = 'six security groups'; Ip = $null; Groups = @(1..6 | ForEach-Object { "f2c5b3fc-b971-4a86-87b9-03258626000$_" }); Parameter = 'SecurityGroupId'; Problem = 'at most 5' }
    ) {
        $arguments = @{ SubnetId = $subnetB.id }
        if ($Ip) { $arguments.IpAddress = $Ip }
        if ($Groups.Count -gt 0) { $arguments.SecurityGroupId = $Groups }
        $failure = Get-EcsNicThrownError { New-EcsNic @arguments @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -BeLike "$Parameter '*"
        "$failure" | Should -Match ([regex]::Escape($Problem))
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreatePort | Should -Be 0
    }

    It 'passes on VPC.0701 for an address already in use' {
        $used = $emulator.Account.servers[0].nics[0].ip_address
        $failure = Get-EcsNicThrownError { New-EcsNic -SubnetId $emulator.Account.subnets[0].id -IpAddress $used @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'VPC.0701,*'
    }

    It 'never repeats the create when the answer is lost, and says how to check' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'faults' -Body @{ operation = 'CreatePort'; kind = 'drop_after'; count = 1 } | Out-Null
        $failure = Get-EcsNicThrownError { New-EcsNic -SubnetId $subnetB.id -IpAddress 192.168.1.77 @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.OutcomeUnknown,*'
        "$($failure.ErrorDetails.RecommendedAction)" | Should -Match "Get-EcsNic -SubnetId $($subnetB.id) -IpAddress 192.168.1.77"
        Get-EcsNicRequestCount -Emulator $emulator -Operation CreatePort | Should -Be 1
        (Get-EcsNic -SubnetId $subnetB.id -IpAddress 192.168.1.77 @connection).PrimaryIp | Should -Be '192.168.1.77'
    }

    It 'times out naming the NIC still BUILD' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ port_build_ms = 600000 } | Out-Null
        $failure = Get-EcsNicThrownError { New-EcsNic -SubnetId $subnetB.id -IpAddress 192.168.1.90 -Wait -TimeoutSec 2 @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.ResourceWaitTimeout,*'
        "$failure" | Should -Match '192.168.1.90, BUILD'
        $failure.ErrorDetails.RecommendedAction | Should -BeLike 'Check it with Get-EcsNic -PortId * Wait longer with -TimeoutSec.'
        Get-EcsNicRequestCount -Emulator $emulator -Operation ShowPort | Should -BeLessOrEqual 2
    }
}

Describe 'Add-EcsServerNic with a port' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'attaches a piped New-EcsNic record without -SubnetId and returns it as a ServerNic with -Wait' {
        $nic = New-EcsNic -SubnetId $subnetB.id -IpAddress 192.168.1.40 @connection
        $attached = $nic | Add-EcsServerNic -ServerId $server1.id -Wait @connection
        $attached | Should -BeOfType ([EcsNic.Core.Models.ServerNic])
        $attached.PortId | Should -Be $nic.PortId
        $attached.SubnetId | Should -Be $subnetB.id
        $attached.FixedIps | Should -Be @('192.168.1.40')
        (Get-EcsNic -PortId $nic.PortId @connection).DeviceId | Should -Be $server1.id
    }

    It 'attaches by -PortId alone' {
        $nic = New-EcsNic -SubnetId $subnetB.id @connection
        $job = Add-EcsServerNic -ServerId $server1.id -PortId $nic.PortId @connection
        $job | Should -BeOfType ([EcsNic.Core.Models.EcsJob])
        ($job | Wait-EcsJob -PollIntervalSec 0.2 @connection).NicIds | Should -Be @($nic.PortId)
    }

    It 'refuses a port a server already uses, before sending anything' {
        $primary = $server1.nics[0].port_id
        $failure = Get-EcsNicThrownError { Add-EcsServerNic -ServerId $emulator.Account.servers[1].id -PortId $primary @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.PortNotAttachable,*'
        "$failure" | Should -Match "used by server $($server1.id)"
        Get-EcsNicRequestCount -Emulator $emulator -Operation BatchAddServerNics | Should -Be 0
    }

    It 'still attaches a new NIC, not the piped port, when -SubnetId is given' {
        $primary = Get-EcsServerNic -ServerId $server1.id @connection | Select-Object -First 1
        $job = $primary | Add-EcsServerNic -SubnetId $subnetB.id @connection
        $final = $job | Wait-EcsJob -PollIntervalSec 0.2 @connection
        $final.NicIds | Should -HaveCount 1
        $final.NicIds | Should -Not -Contain $primary.PortId
    }
}
