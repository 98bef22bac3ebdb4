#Requires -Version 7.2

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator -JobDurationMs 200
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    $servers = $emulator.Account.servers
    $server2 = $servers[1]
    $subnetA = $emulator.Account.subnets[0]
    $subnetB = $emulator.Account.subnets[1]
    $otherSubnet = $emulator.Account.subnets[2]
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Add-EcsServerNic' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'starts attaching a NIC and returns the job' {
        $job = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection
        $job | Should -BeOfType ([EcsNic.Core.Models.EcsJob])
        $job.JobId | Should -Not -BeNullOrEmpty
        $job.ServerId | Should -Be $server2.id
    }

    It 'returns the new NIC as a ServerNic with -Wait' {
        $before = @(Get-EcsServerNic -ServerId $server2.id @connection)
        $nics = @(Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id -Wait @connection)
        $nics | Should -HaveCount 1
        $nics[0] | Should -BeOfType ([EcsNic.Core.Models.ServerNic])
        $nics[0].ServerId | Should -Be $server2.id
        $nics[0].SubnetId | Should -Be $subnetB.id
        $before.PortId | Should -Not -Contain $nics[0].PortId
        (Get-EcsServerNic -ServerId $server2.id @connection).PortId | Should -Contain $nics[0].PortId
    }

    It 'pipes the new NIC straight into Set-EcsNicVirtualIp' {
        $binding = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id -Wait @connection |
            Set-EcsNicVirtualIp -IpAddress '192.168.1.200' @connection
        $binding.Action | Should -Be 'Bound'
        $binding.SubnetId | Should -Be $subnetB.id
    }

    It 'attaches several NICs in one request with -Nic' {
        $specs = @(
            [EcsNic.Core.Models.NicSpec]@{ SubnetId = $subnetA.id }
            [EcsNic.Core.Models.NicSpec]@{ SubnetId = $subnetB.id; IpAddress = '192.168.1.50' }
        )
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $nics = @(Add-EcsServerNic -ServerId $server2.id -Nic $specs -Wait @connection)
        $nics | Should -HaveCount 2
        $nics.FixedIps | Should -Contain '192.168.1.50'
        Get-EcsNicRequestCount -Emulator $emulator -Operation BatchAddServerNics | Should -Be 1
    }

    It 'attaches to every piped server, once per server' {
        $records = @($servers[0..1] | ForEach-Object { [pscustomobject]@{ ServerId = $_.id } }) + [pscustomobject]@{ ServerId = $servers[0].id }
        $jobs = @($records | Add-EcsServerNic -SubnetId $subnetB.id @connection -WarningVariable warnings -WarningAction SilentlyContinue)
        $jobs | Should -HaveCount 2
        @($jobs.ServerId) | Should -Be @($servers[0].id, $servers[1].id)
        $warnings | Should -HaveCount 1
    }

    It 'pipes its jobs into Wait-EcsJob' {
        $final = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection |
            Wait-EcsJob -PollIntervalSec 0.2 -MaxPollIntervalSec 0.5 @connection
        $final.Status | Should -Be 'Success'
        $final.NicIds | Should -HaveCount 1
    }

    It 'previews with -WhatIf and attaches nothing' {
        $before = @(Get-EcsServerNic -ServerId $server2.id @connection)
        Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id -WhatIf @connection | Should -BeNullOrEmpty
        @(Get-EcsServerNic -ServerId $server2.id @connection) | Should -HaveCount $before.Count
    }

    It 'rejects an inconsistent spec before any request' {
        $failure = Get-EcsNicThrownError {
            Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id -Ipv6BandwidthId 'bw-1' @connection
        }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -Match 'Ipv6Enable'
    }

    It 'rejects an IPv6 -IpAddress up front, naming the parameter the user typed' {
        $failure = Get-EcsNicThrownError {
            Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id -IpAddress '2001:db8::5' -WhatIf -ErrorAction Stop @connection
        }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -BeLike "IpAddress '2001:db8::5' *"
        "$failure" | Should -Not -Match 'Nic\[0\]'
    }

    It 'reports a failed attach job with its error code' {
        $nics = @(Add-EcsServerNic -ServerId $server2.id -SubnetId $otherSubnet.id -Wait @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $nics | Should -HaveCount 0
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0014,*'
        $failures[0].TargetObject.JobId | Should -Not -BeNullOrEmpty
    }

    It 'never repeats the request when the answer is lost, and says how to check' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'faults' -Body @{ operation = 'BatchAddServerNics'; kind = 'drop_after'; count = 1 } | Out-Null
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $failure = Get-EcsNicThrownError { Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.OutcomeUnknown,*'
        $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-EcsNicRequestCount -Emulator $emulator -Operation BatchAddServerNics | Should -Be 1
    }
}
