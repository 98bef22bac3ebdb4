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

Describe 'Add-EcsServerNic for an admin at the console' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.ViewHelpers.psm1') -Force
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.RecordingHost.psm1') -Force
    }

    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'says on the verbose stream which job it submitted and which NIC it found, before writing the NIC' {
        $stream = @(Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id -Wait @connection -Verbose 4>&1)
        $nic = @($stream | Where-Object { $_ -is [EcsNic.Core.Models.ServerNic] })
        $nic | Should -HaveCount 1
        $nic[0].IsPrimary | Should -BeFalse
        $submitted = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^Submitted job (\w+) to attach' })
        $submitted | Should -HaveCount 1
        $found = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "*attached NIC $($nic[0].PortId) ($($nic[0].PrimaryIp))*" })
        $found | Should -HaveCount 1
        [array]::IndexOf($stream, $submitted[0]) | Should -BeLessThan ([array]::IndexOf($stream, $found[0]))
        [array]::IndexOf($stream, $found[0]) | Should -BeLessThan ([array]::IndexOf($stream, $nic[0]))
    }

    It 'keeps the new NIC ID whole in the job table at 80 and 120 columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        param($Width)
        $job = Add-EcsServerNic -ServerId $server2.id -SubnetId $subnetB.id @connection | Wait-EcsJob @connection
        $job.NicIds | Should -HaveCount 1
        Get-EcsNicViewProblem -InputObject $job -Width $Width -Id @($job.JobId, $job.NicIds[0]) | Should -BeNullOrEmpty
        Get-EcsNicViewProblem -InputObject $job.SubJobs -Width $Width -Id @($job.SubJobs[0].JobId, $job.NicIds[0]) | Should -BeNullOrEmpty
        ($job | Out-String -Width $Width) | Should -Match '\bSuccess\b'
    }

    It 'warns after Ctrl+C which job goes on and how to wait for it' {
        $slow = Start-EcsNicEmulator -JobDurationMs 600000
        $recording = New-EcsNicRecordingRunspace -ModuleManifest (Get-EcsNicModuleManifest)
        try {
            $stopped = Stop-EcsNicRecordedAfterSubmit -Recording $recording -Command 'Add-EcsServerNic' -Parameters @{
                ServerId = $slow.Account.servers[1].id; SubnetId = $slow.Account.subnets[1].id; Wait = $true
                Region = $slow.Region; Endpoint = $slow.Endpoint; IamEndpoint = $slow.IamEndpoint; Credential = $slow.Credential
            }
            $jobId = $stopped.JobId
            $jobId | Should -Not -BeNullOrEmpty
            $stopped.State | Should -Be 'Stopped'
            $stopped.Warnings | Should -HaveCount 1
            $stopped.Warnings[0] | Should -Match ([regex]::Escape("job(s) $jobId were submitted and go on"))
            $stopped.Warnings[0] | Should -Match ([regex]::Escape("Wait-EcsJob -JobId $jobId"))
            (Get-EcsJob -JobId $jobId -Region $slow.Region -Endpoint $slow.Endpoint -IamEndpoint $slow.IamEndpoint -Credential $slow.Credential).Status | Should -Not -Be 'Fail'
        }
        finally {
            $recording.Runspace.Dispose()
            Stop-EcsNicEmulator -Emulator $slow
        }
    }
}
