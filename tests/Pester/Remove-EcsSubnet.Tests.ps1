#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Remove-EcsSubnet' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'refuses a subnet whose ports servers use with VPC.0209, naming port and server, and deletes nothing' {
        $failure = Get-EcsNicThrownError { Remove-EcsSubnet -SubnetId $subnetA.id -Force @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'VPC.0209,*'
        "$failure" | Should -Match $server1.nics[0].port_id
        "$failure" | Should -Match "server $($server1.id)"
        $failure.ErrorDetails.RecommendedAction | Should -BeExactly ("Detach the NICs from their servers first (Remove-EcsServerNic), then delete the remaining ports: " +
            "Get-EcsNic -SubnetId $($subnetA.id) | Remove-EcsNic -Force.")
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeleteSubnet | Should -Be 0
    }

    It 'refuses a subnet holding only a free NIC with VPC.0208' {
        $subnet = Get-EcsVpc -VpcId $demoVpc.id @connection | New-EcsSubnet -Name held -Cidr 192.168.40.0/24 -Wait @connection
        $nic = $subnet | New-EcsNic @connection
        $failure = Get-EcsNicThrownError { $subnet | Remove-EcsSubnet -Force @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'VPC.0208,*'
        "$failure" | Should -Match $nic.PortId
        "$failure" | Should -Match 'not attached'
        $failure.ErrorDetails.RecommendedAction | Should -BeExactly "Delete the ports first: Get-EcsNic -SubnetId $($subnet.SubnetId) | Remove-EcsNic -Force."
    }

    It 'deletes an empty, piped subnet with -Force' {
        $subnet = Get-EcsVpc -VpcId $demoVpc.id @connection | New-EcsSubnet -Name empty -Cidr 192.168.41.0/24 -Wait @connection
        $subnet | Remove-EcsSubnet -Force @connection
        @(Get-EcsSubnet -VpcId $demoVpc.id -Name empty @connection) | Should -HaveCount 0
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeleteSubnet | Should -Be 1
    }

    It 'reads the VPC from the subnet when -VpcId is not given' {
        $subnet = Get-EcsVpc -VpcId $demoVpc.id @connection | New-EcsSubnet -Name byid -Cidr 192.168.42.0/24 -Wait @connection
        Remove-EcsSubnet -SubnetId $subnet.SubnetId -Force @connection
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').paths | Where-Object { $_ -like 'DELETE *' } |
            Should -Be "DELETE /v1/$($emulator.ProjectId)/vpcs/$($demoVpc.id)/subnets/$($subnet.SubnetId)"
    }

    It 'previews with -WhatIf and deletes nothing' {
        $subnet = Get-EcsVpc -VpcId $demoVpc.id @connection | New-EcsSubnet -Name kept -Cidr 192.168.43.0/24 @connection
        $subnet | Remove-EcsSubnet -WhatIf @connection
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeleteSubnet | Should -Be 0
    }
}
