#Requires -Version 7.2

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator -JobDurationMs 200
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    $server2 = $emulator.Account.servers[1]
    $subnetB = $emulator.Account.subnets[1]
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Get-EcsJob' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'reads a job piped from Add-EcsServerNic' {
        $job = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection
        $read = $job | Get-EcsJob @connection
        $read | Should -BeOfType ([EcsNic.Core.Models.EcsJob])
        $read.JobId | Should -Be $job.JobId
        $read.Status | Should -BeIn @('Init', 'Running', 'Success')
    }

    It 'takes job IDs positionally and by the job_id and Id property names' {
        $job = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection
        (Get-EcsJob $job.JobId @connection).JobId | Should -Be $job.JobId
        ([pscustomobject]@{ job_id = $job.JobId } | Get-EcsJob @connection).JobId | Should -Be $job.JobId
        ([pscustomobject]@{ Id = $job.JobId } | Get-EcsJob @connection).JobId | Should -Be $job.JobId
    }

    It 'shows the finished state and the new NIC once the job is done' {
        $job = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection
        $job | Wait-EcsJob -PollIntervalSec 0.2 @connection | Out-Null
        $read = Get-EcsJob -JobId $job.JobId @connection
        $read.Status | Should -Be 'Success'
        $read.IsFinished | Should -BeTrue
        $read.NicIds | Should -HaveCount 1
    }

    It 'writes a non-terminating error for an unknown job and goes on' {
        $job = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection
        $read = @(Get-EcsJob -JobId 'ffffffffffffffffffffffffffffffff', $job.JobId @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $read.JobId | Should -Be @($job.JobId)
        $failures | Should -HaveCount 1
        $failures[0].TargetObject | Should -Be 'ffffffffffffffffffffffffffffffff'
    }
}
