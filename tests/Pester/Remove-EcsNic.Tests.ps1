#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Remove-EcsNic' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'refuses a NIC a server uses with VPC.2500, naming the server, and deletes nothing' {
        $failure = Get-EcsNicThrownError { Get-EcsServerNic -ServerId $server1.id @connection | Select-Object -First 1 | Remove-EcsNic -Force @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'VPC.2500,*'
        "$failure" | Should -Match "server $($server1.id)"
        "$($failure.ErrorDetails.RecommendedAction)" | Should -Match 'Remove-EcsServerNic'
        $failure.ErrorDetails.RecommendedAction | Should -BeExactly "Detach it first: Remove-EcsServerNic -ServerId $($server1.id) -NicId $($server1.nics[0].port_id) -Wait."
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeletePort | Should -Be 0
    }

    It 'deletes a free, piped NIC with -Force' {
        $nic = New-EcsNic -SubnetId $subnetB.id @connection
        $nic | Remove-EcsNic -Force @connection
        (Get-EcsNicThrownError { Get-EcsNic -PortId $nic.PortId @connection -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'VPC.2502,*'
    }

    It 'deletes a virtual IP port' {
        Get-EcsServerNic -ServerId $server1.id @connection | Where-Object SubnetId -EQ $subnetA.id |
            Set-EcsNicVirtualIp -IpAddress 192.168.0.201 @connection | Out-Null
        Get-EcsNic -SubnetId $subnetA.id -DeviceOwner 'neutron:VIP_PORT' @connection | Remove-EcsNic -Force @connection
        @(Get-EcsNic -SubnetId $subnetA.id -DeviceOwner 'neutron:VIP_PORT' @connection) | Should -HaveCount 0
    }

    It 'previews with -WhatIf and deletes nothing' {
        $nic = New-EcsNic -SubnetId $subnetB.id @connection
        Remove-EcsNic -PortId $nic.PortId -WhatIf @connection
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeletePort | Should -Be 0
    }
}
