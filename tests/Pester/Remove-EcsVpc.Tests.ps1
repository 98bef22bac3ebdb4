#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Remove-EcsVpc' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'refuses a VPC that still has subnets with VPC.0104, naming them, and deletes nothing' {
        $failure = Get-EcsNicThrownError { Remove-EcsVpc -VpcId $demoVpc.id -Force @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'VPC.0104,*'
        "$failure" | Should -Match $subnetA.id
        "$failure" | Should -Match $subnetA.name
        "$($failure.ErrorDetails.RecommendedAction)" | Should -Match 'Remove-EcsSubnet'
        $failure.ErrorDetails.RecommendedAction | Should -BeExactly "Delete the subnets first: Get-EcsSubnet -VpcId $($demoVpc.id) | Remove-EcsSubnet -Force."
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeleteVpc | Should -Be 0
        (Get-EcsVpc -VpcId $demoVpc.id @connection).VpcId | Should -Be $demoVpc.id
    }

    It 'deletes an empty, piped VPC with -Force' {
        $vpc = New-EcsVpc -Name doomed -Cidr 10.80.0.0/16 -Wait @connection
        $vpc | Remove-EcsVpc -Force @connection
        @(Get-EcsVpc -Name doomed @connection) | Should -HaveCount 0
    }

    It 'previews with -WhatIf and deletes nothing' {
        $vpc = New-EcsVpc -Name kept -Cidr 10.81.0.0/16 @connection
        Remove-EcsVpc -VpcId $vpc.VpcId -WhatIf @connection
        Get-EcsNicRequestCount -Emulator $emulator -Operation DeleteVpc | Should -Be 0
        (Get-EcsVpc -VpcId $vpc.VpcId @connection).Name | Should -Be 'kept'
    }

    It 'passes on VPC.0103 for a VPC still CREATING' {
        Set-EcsNicVpcLifecycle -Emulator $emulator -Settings @{ vpc_creating_ms = 600000 } | Out-Null
        $vpc = New-EcsVpc -Name busy -Cidr 10.82.0.0/16 @connection
        (Get-EcsNicThrownError { Remove-EcsVpc -VpcId $vpc.VpcId -Force @connection -ErrorAction Stop }).FullyQualifiedErrorId |
            Should -BeLike 'VPC.0103,*'
    }
}
