#Requires -Version 7.2

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator -JobDurationMs 300
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    $subnetB = $emulator.Account.subnets[1]
    # The account also lists a server in another VPC; attaching subnet demo-b there would fail.
    $servers = @($emulator.Account.servers | Where-Object vpc_id -EQ $subnetB.vpc_id)
    $otherSubnet = $emulator.Account.subnets[2]
    $fast = @{ PollIntervalSec = 0.2; MaxPollIntervalSec = 0.5 }
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Wait-EcsJob' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'waits for several piped jobs together and emits each final record' {
        $jobs = @($servers | ForEach-Object { Add-EcsServerNic -ServerId $_.id -SubnetId $subnetB.id @connection })
        $final = @($jobs | Wait-EcsJob @fast @connection)
        $final | Should -HaveCount $jobs.Count
        $final[0] | Should -BeOfType ([EcsNic.Core.Models.EcsJob])
        @($final.Status | Sort-Object -Unique) | Should -Be @('Success')
        @($final.JobId | Sort-Object) | Should -Be @($jobs.JobId | Sort-Object)
    }

    It 'takes job IDs with -JobId and waits for a duplicate once' {
        $job = Add-EcsServerNic -ServerId $servers[0].id -SubnetId $subnetB.id @connection
        @(Wait-EcsJob -JobId $job.JobId, $job.JobId @fast @connection) | Should -HaveCount 1
    }

    It 'keeps waiting through a poll throttled with Common.0024 as HTTP 202' {
        $job = Add-EcsServerNic -ServerId $servers[0].id -SubnetId $subnetB.id @connection
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'faults' -Body @{ operation = 'ShowJob'; kind = 'flow_control'; count = 2 } | Out-Null
        $final = Wait-EcsJob -JobId $job.JobId @fast @connection
        $final.Status | Should -Be 'Success'
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').faults.flow_control | Should -Be 2
    }

    It 'takes job records with -Job' {
        $job = Add-EcsServerNic -ServerId $servers[0].id -SubnetId $subnetB.id @connection
        (Wait-EcsJob -Job $job @fast @connection).Status | Should -Be 'Success'
    }

    It 'writes a failed job as an error with the job''s error code and emits the others' {
        $bad = Add-EcsServerNic -ServerId $servers[0].id -SubnetId $otherSubnet.id @connection
        $good = Add-EcsServerNic -ServerId $servers[1].id -SubnetId $subnetB.id @connection
        $final = @($bad, $good | Wait-EcsJob @fast @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $final.JobId | Should -Be @($good.JobId)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0014,*'
        $failures[0].TargetObject.JobId | Should -Be $bad.JobId
    }

    It 'stops at a failed job with -ErrorAction Stop' {
        $bad = Add-EcsServerNic -ServerId $servers[0].id -SubnetId $otherSubnet.id @connection
        $failure = Get-EcsNicThrownError { $bad | Wait-EcsJob @fast @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'Ecs.0014,*'
    }

    It 'names the jobs still pending at the timeout in one error' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Put -Path 'jobs/timing' -Body @{ job_duration_ms = 120000 } | Out-Null
        $jobs = @($servers[0..1] | ForEach-Object { Add-EcsServerNic -ServerId $_.id -SubnetId $subnetB.id @connection })
        $final = @($jobs | Wait-EcsJob -TimeoutSec 1 @fast @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $final | Should -HaveCount 0
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.JobTimeout,*'
        $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        foreach ($job in $jobs) {
            "$($failures[0])" | Should -Match $job.JobId
        }
        # The status as the records spell it, and the advice once: in the recommended action, not in the message.
        "$($failures[0])" | Should -Match '\((Init|Running)\)'
        "$($failures[0])" | Should -Not -MatchExactly 'INIT|RUNNING|Wait-EcsJob'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Wait-EcsJob -TimeoutSec'
    }

    It 'completes -JobId with the jobs this session submitted, most recent first' {
        $first = Add-EcsServerNic -ServerId $servers[0].id -SubnetId $subnetB.id @connection
        $second = Add-EcsServerNic -ServerId $servers[1].id -SubnetId $subnetB.id @connection
        foreach ($command in 'Wait-EcsJob', 'Get-EcsJob') {
            $line = "$command -JobId "
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.CompletionText)[0..1] | Should -Be @($second.JobId, $first.JobId)
            $completion.CompletionMatches[0].ToolTip | Should -Match ([regex]::Escape("server $($servers[1].id)"))
        }
        $line = "Wait-EcsJob -JobId $($first.JobId.Substring(0, 10))"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @($first.JobId)
    }

    It 'rejects a first poll later than the poll cap' {
        $job = Add-EcsServerNic -ServerId $servers[0].id -SubnetId $subnetB.id @connection
        $failure = Get-EcsNicThrownError { $job | Wait-EcsJob -PollIntervalSec 5 -MaxPollIntervalSec 1 @connection }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
    }
}
