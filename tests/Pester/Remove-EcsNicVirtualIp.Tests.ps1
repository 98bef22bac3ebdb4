#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
    function Get-PairAddress([string] $PortId) {
        (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $PortId).allowed_address_pairs | ForEach-Object { $_.ip_address }
    }
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Remove-EcsNicVirtualIp' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'unbinds the virtual IPs of bindings piped from Set-EcsNicVirtualIp' {
        $nics = @(Get-DemoNic)
        $bindings = @($nics | Set-EcsNicVirtualIp -IpAddress '192.168.0.220' @connection)
        $results = @($bindings | Remove-EcsNicVirtualIp -Force @connection)
        $results | Should -HaveCount $nics.Count
        $results[0] | Should -BeOfType ([EcsNic.Core.Models.VirtualIpBinding])
        $results.Action | Sort-Object -Unique | Should -Be 'Unbound'
        $results.NicId | Should -Be @($nics.PortId)
        foreach ($nic in $nics) {
            Get-PairAddress $nic.PortId | Should -Not -Contain '192.168.0.220'
        }
    }

    It 'names the addresses it removed, the NIC''s server and subnet, reading the port once before the one unbind' {
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.225' @connection | Out-Null
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.226' -ReverseBinding @connection | Out-Null
        $before = @(Get-PairAddress $nic.PortId | Sort-Object)
        [void](Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset')
        $result = $nic | Remove-EcsNicVirtualIp -Force @connection -Verbose 4>&1
        $verbose = @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $binding = $result | Where-Object { $_ -is [EcsNic.Core.Models.VirtualIpBinding] }
        Get-EcsNicRequestCount -Emulator $emulator -Operation 'ShowPort' | Should -Be 1
        Get-EcsNicRequestCount -Emulator $emulator -Operation 'DisassociateServerVirtualIp' | Should -Be 1
        $binding.Action | Should -Be 'Unbound'
        @($binding.RemovedIpAddresses | Sort-Object) | Should -Be $before
        $before | Should -Be @('192.168.0.225', '192.168.0.226')
        $binding.ServerId | Should -Be $nic.ServerId
        $binding.SubnetId | Should -Be $nic.SubnetId
        Get-PairAddress $nic.PortId | Should -BeNullOrEmpty
        $verbose.Message | Should -Contain "NIC $($nic.PortId): unbound 192.168.0.225, 192.168.0.226."
        ($binding | Format-List | Out-String -Width 80) | Should -Match 'RemovedIpAddresses : \{192\.168\.0\.225, 192\.168\.0\.226\}'
    }

    It 'says NotBound, with no address and a verbose line, for a NIC that had none' {
        $nic = Get-DemoNic | Select-Object -First 1
        Get-PairAddress $nic.PortId | Should -BeNullOrEmpty
        $result = $nic | Remove-EcsNicVirtualIp -Force @connection -Verbose 4>&1
        $binding = $result | Where-Object { $_ -is [EcsNic.Core.Models.VirtualIpBinding] }
        $binding.Action | Should -Be 'NotBound'
        $binding.RemovedIpAddresses | Should -HaveCount 0
        @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
            Should -Contain "NIC $($nic.PortId) had no virtual IP; nothing was unbound."
        Get-EcsNicRequestCount -Emulator $emulator -Operation 'DisassociateServerVirtualIp' | Should -Be 1
    }

    It 'takes NICs from Get-EcsServerNic and unbinds them with -Force' {
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.221' @connection | Out-Null
        ($nic | Remove-EcsNicVirtualIp -Force @connection).Action | Should -Be 'Unbound'
        Get-PairAddress $nic.PortId | Should -Not -Contain '192.168.0.221'
    }

    It 'asks before unbinding without -Force (ConfirmImpact High), naming the NIC with its address' {
        (Get-Command -Name Remove-EcsNicVirtualIp).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.224' @connection | Out-Null
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.RecordingHost.psm1') -Force
        $recording = New-EcsNicRecordingRunspace -ModuleManifest (Get-EcsNicModuleManifest)
        try {
            Invoke-EcsNicRecorded -Recording $recording -Command 'Remove-EcsNicVirtualIp' -Parameters (@{ InputObject = $nic } + $connection) |
                Should -BeNullOrEmpty
            $prompts = @($recording.Host.Recorder.Prompts.ToArray())
        }
        finally {
            $recording.Runspace.Dispose()
        }
        $prompts | Should -HaveCount 1
        $prompts[0] | Should -Match ([regex]::Escape("NIC $($nic.PortId) ($($nic.PrimaryIp))"))
        Get-PairAddress $nic.PortId | Should -Contain '192.168.0.224'
    }

    It 'takes NIC IDs positionally and by -InputObject' {
        $nics = @(Get-DemoNic)
        $nics | Set-EcsNicVirtualIp -IpAddress '192.168.0.222' @connection | Out-Null
        (Remove-EcsNicVirtualIp $nics[0].PortId -Confirm:$false @connection).NicId | Should -Be $nics[0].PortId
        (Remove-EcsNicVirtualIp -InputObject $nics[1] -Confirm:$false @connection).NicId | Should -Be $nics[1].PortId
    }

    It 'previews with -WhatIf even with -Force' {
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.223' @connection | Out-Null
        $nic | Remove-EcsNicVirtualIp -Force -WhatIf @connection | Should -BeNullOrEmpty
        Get-PairAddress $nic.PortId | Should -Contain '192.168.0.223'
    }

    It 'reports an unknown NIC and goes on' {
        $nic = Get-DemoNic | Select-Object -First 1
        $rows = @($unknownId, $nic.PortId | ForEach-Object { [pscustomobject]@{ NicId = $_ } })
        $results = @($rows | Remove-EcsNicVirtualIp -Force @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.NicId | Should -Be @($nic.PortId)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0307,*'
        $failures[0].TargetObject | Should -Be $rows[0]
        $failures[0].TargetObject.NicId | Should -Be $unknownId
    }
}

Describe 'Remove-EcsNicVirtualIp targets of failed rows' {
    It 'gives each failed row itself as the target object, also when two rows name the same NIC' {
        Reset-EcsNicEmulator -Emulator $emulator
        $rows = @(
            [pscustomobject]@{ NicId = $unknownId; Note = 'first' }
            [pscustomobject]@{ NicId = $unknownId; Note = 'second' }
        )
        $rows | Remove-EcsNicVirtualIp -Force @connection -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures | Should -HaveCount 2
        @($failures.TargetObject.Note) | Should -Be @('first', 'second')
        Remove-EcsNicVirtualIp -NicId $unknownId -Force @connection -ErrorVariable single -ErrorAction SilentlyContinue
        $single[0].TargetObject | Should -Be $unknownId
    }
}
