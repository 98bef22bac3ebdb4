#Requires -Version 7.2

BeforeDiscovery {
    # A confirmation prompt can only be shown to fail where there is nobody to answer it.
    $nonInteractive = [Environment]::GetCommandLineArgs() -contains '-NonInteractive'
}

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator -JobDurationMs 200
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    $servers = $emulator.Account.servers
    $server2 = $servers[1]
    $server3 = $servers[2]
    $subnetA = $emulator.Account.subnets[0]
    $subnetB = $emulator.Account.subnets[1]

    function Add-TwoNic {
        $specs = @(
            [EcsNic.Core.Models.NicSpec]@{ SubnetId = $subnetA.id }
            [EcsNic.Core.Models.NicSpec]@{ SubnetId = $subnetB.id }
        )
        Add-EcsServerNic -ServerId $server2.id -Nic $specs -Wait @connection
    }

    function Get-DeleteCount {
        Get-EcsNicRequestCount -Emulator $emulator -Operation BatchDeleteServerNics
    }
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Remove-EcsServerNic' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'detaches piped NICs with one request per server and returns the job' {
        $added = @(Add-TwoNic)
        $added | Should -HaveCount 2
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $jobs = @($added | Remove-EcsServerNic -Force @connection)
        $jobs | Should -HaveCount 1
        $jobs[0] | Should -BeOfType ([EcsNic.Core.Models.EcsJob])
        $jobs[0].ServerId | Should -Be $server2.id
        Get-DeleteCount | Should -Be 1
        ($jobs | Wait-EcsJob -PollIntervalSec 0.2 -MaxPollIntervalSec 0.5 @connection).Status | Should -Be 'Success'
        $left = (Get-EcsServerNic -ServerId $server2.id @connection).PortId
        foreach ($nic in $added) {
            $left | Should -Not -Contain $nic.PortId
        }
    }

    It 'waits with -Wait and returns the finished job' {
        $added = @(Add-TwoNic)
        $job = Remove-EcsServerNic -ServerId $server2.id -NicId $added[0].PortId -Wait -Confirm:$false @connection
        $job.Status | Should -Be 'Success'
        (Get-EcsServerNic -ServerId $server2.id @connection).PortId | Should -Not -Contain $added[0].PortId
        (Get-EcsServerNic -ServerId $server2.id @connection).PortId | Should -Contain $added[1].PortId
    }

    It 'previews with -WhatIf even with -Force' {
        $added = @(Add-TwoNic)
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $added | Remove-EcsServerNic -Force -WhatIf @connection | Should -BeNullOrEmpty
        Get-DeleteCount | Should -Be 0
    }

    It 'asks for confirmation without -Force, which fails in a non-interactive session' -Skip:(-not $nonInteractive) {
        $added = @(Add-TwoNic)
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        { $added | Remove-EcsServerNic @connection } | Should -Throw
        Get-DeleteCount | Should -Be 0
    }

    It 'reports a failed detach job, such as of the primary NIC, with its error code' {
        $primary = Get-EcsServerNic -ServerId $server3.id @connection | Select-Object -First 1
        $jobs = @($primary | Remove-EcsServerNic -Force -Wait @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $jobs | Should -HaveCount 0
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0005,*'
        (Get-EcsServerNic -ServerId $server3.id @connection).PortId | Should -Contain $primary.PortId
    }

    It 'rejects a malformed NIC ID and removes the rest' {
        $added = @(Add-TwoNic)
        $job = Remove-EcsServerNic -ServerId $server2.id -NicId 'bad/id', $added[0].PortId -Force -Wait @connection -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        $job.Status | Should -Be 'Success'
    }
}
