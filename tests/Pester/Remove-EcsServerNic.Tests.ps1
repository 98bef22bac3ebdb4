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

    It 'refuses the primary NIC before sending, with the piped record as the target, and detaches the others' {
        $added = @(Add-TwoNic)
        $nics = @(Get-EcsServerNic -ServerId $server2.id @connection)
        $primary = $nics | Where-Object IsPrimary
        $primary | Should -HaveCount 1
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $jobs = @($nics | Remove-EcsServerNic -Force -Wait @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.PrimaryNic,*'
        $failures[0].TargetObject | Should -Be $primary
        $failures[0].Exception.Message | Should -Match ([regex]::Escape("$($primary.PortId) ($($primary.PrimaryIp))"))
        $failures[0].Exception.Message | Should -Match 'it was not sent'
        $jobs | Should -HaveCount 1
        $jobs[0].Status | Should -Be 'Success'
        @($jobs[0].NicIds | Sort-Object) | Should -Be @($added.PortId | Sort-Object)
        Get-DeleteCount | Should -Be 1
        (Get-EcsServerNic -ServerId $server2.id @connection).PortId | Should -Be @($primary.PortId)
    }

    It 'refuses a primary NIC given by ID, after reading the server once' {
        $primary = Get-EcsServerNic -ServerId $server3.id @connection | Where-Object IsPrimary
        # Forget the listed records, so that only the server's addresses can tell.
        Disconnect-EcsCloud
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        Remove-EcsServerNic -ServerId $server3.id -NicId $primary.PortId -Force @connection -ErrorVariable failures -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.PrimaryNic,*'
        $failures[0].TargetObject | Should -Be $primary.PortId
        $counters = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters'
        $counters.requests.ShowServer | Should -Be 1
        Get-DeleteCount | Should -Be 0
    }

    It 'says which NICs a failed detach job detached and which it did not, in one sentence' {
        $added = @(Add-TwoNic)
        $primary = Get-EcsServerNic -ServerId $server2.id @connection | Where-Object IsPrimary
        # Without the listed records and the server's addresses the module cannot tell the primary NIC, so the cloud
        # refuses it in the job.
        Disconnect-EcsCloud
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'faults' -Body @{ operation = 'ShowServer'; kind = 'truncated_json'; count = $null } | Out-Null
        try {
            $jobs = @(Remove-EcsServerNic -ServerId $server2.id -NicId $primary.PortId, $added[0].PortId -Force -Wait @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        }
        finally {
            Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Delete -Path 'faults' | Out-Null
        }
        $jobs | Should -HaveCount 0
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0005,*'
        $failures[0].TargetObject | Should -BeOfType ([EcsNic.Core.Models.EcsJob])
        $message = $failures[0].Exception.Message
        $message | Should -Match ([regex]::Escape("Done for NIC $($added[0].PortId); not done for NIC $($primary.PortId)."))
        $message | Should -Not -Match '\.\.'
        ([regex]::Matches($message, 'cannot be deleted')).Count | Should -Be 1
        $message | Should -Not -MatchExactly 'FAIL|SUCCESS'
        $failures[0].ErrorDetails.Message | Should -Be $message
    }

    It 'rejects a malformed NIC ID and removes the rest' {
        $added = @(Add-TwoNic)
        $job = Remove-EcsServerNic -ServerId $server2.id -NicId 'bad/id', $added[0].PortId -Force -Wait @connection -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        $job.Status | Should -Be 'Success'
    }
}

Describe 'Remove-EcsServerNic confirmation and verbose output' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.RecordingHost.psm1') -Force
        $recording = New-EcsNicRecordingRunspace -ModuleManifest (Get-EcsNicModuleManifest)
    }

    AfterAll {
        $recording.Runspace.Dispose()
    }

    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'asks once per server, naming each NIC with its address, and sends nothing when the answer is No' {
        $added = @(Add-TwoNic)
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        Invoke-EcsNicRecorded -Recording $recording -Command 'Remove-EcsServerNic' -Parameters (@{ InputObject = $added } + $connection) |
            Should -BeNullOrEmpty
        $prompts = @($recording.Host.Recorder.Prompts.ToArray())
        $recording.Host.Recorder.Prompts.Clear()
        $prompts | Should -HaveCount 1
        foreach ($nic in $added) {
            $prompts[0] | Should -Match ([regex]::Escape("$($nic.PortId) ($($nic.PrimaryIp))"))
        }
        Get-DeleteCount | Should -Be 0
    }

    It 'lists at most ten NICs in a prompt, then "and N more"' {
        $ids = 1..12 | ForEach-Object { '00000000-0000-4000-8000-{0:d12}' -f $_ }
        $null = Invoke-EcsNicRecorded -Recording $recording -Command 'Remove-EcsServerNic' -Parameters (@{ ServerId = $server2.id; NicId = $ids } + $connection)
        $prompts = @($recording.Host.Recorder.Prompts.ToArray())
        $recording.Host.Recorder.Prompts.Clear()
        $prompts | Should -HaveCount 1
        $prompts[0] | Should -Match ([regex]::Escape("$($ids[9]) and 2 more"))
        $prompts[0] | Should -Not -Match ([regex]::Escape($ids[10]))
        Get-DeleteCount | Should -Be 0
    }

    It 'writes the submitted job ID on the verbose stream before the job record' {
        $added = @(Add-TwoNic)
        $stream = @($added[0] | Remove-EcsServerNic -Force @connection -Verbose 4>&1)
        $verbose = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Submitted job*' })
        $verbose | Should -HaveCount 1
        $job = $stream | Where-Object { $_ -is [EcsNic.Core.Models.EcsJob] }
        $verbose[0].Message | Should -Match ([regex]::Escape("Submitted job $($job.JobId) to detach NIC(s) $($added[0].PortId)"))
        [array]::IndexOf($stream, $verbose[0]) | Should -BeLessThan ([array]::IndexOf($stream, $job))
    }
}

Describe 'Remove-EcsServerNic stopped during -Wait' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.RecordingHost.psm1') -Force
    }

    It 'warns after Ctrl+C which detach job goes on and how to wait for it' {
        $slow = Start-EcsNicEmulator -JobDurationMs 600000
        $recording = New-EcsNicRecordingRunspace -ModuleManifest (Get-EcsNicModuleManifest)
        try {
            $server = $slow.Account.servers[0]
            $stopped = Stop-EcsNicRecordedAfterSubmit -Recording $recording -Command 'Remove-EcsServerNic' -Parameters @{
                ServerId = $server.id; NicId = $server.nics[1].port_id; Force = $true; Wait = $true
                Region = $slow.Region; Endpoint = $slow.Endpoint; IamEndpoint = $slow.IamEndpoint; Credential = $slow.Credential
            }
            $jobId = $stopped.JobId
            $jobId | Should -Not -BeNullOrEmpty
            $stopped.State | Should -Be 'Stopped'
            $stopped.Warnings | Should -HaveCount 1
            $stopped.Warnings[0] | Should -Match ([regex]::Escape("job(s) $jobId were submitted and go on"))
            $stopped.Warnings[0] | Should -Match ([regex]::Escape("Wait-EcsJob -JobId $jobId"))
        }
        finally {
            $recording.Runspace.Dispose()
            Stop-EcsNicEmulator -Emulator $slow
        }
    }
}
