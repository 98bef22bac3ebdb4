#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Set-EcsNicVirtualIp' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'binds a virtual IP to a NIC piped from Get-EcsServerNic' {
        $nic = Get-DemoNic | Select-Object -First 1
        $binding = $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.200' @connection
        $binding | Should -BeOfType ([EcsNic.Core.Models.VirtualIpBinding])
        $binding.Action | Should -Be 'Bound'
        $binding.NicId | Should -Be $nic.PortId
        $binding.IpAddress | Should -Be '192.168.0.200'
        $binding.SubnetId | Should -Be $subnetA.id
        $binding.ReverseBinding | Should -BeFalse
        (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $nic.PortId).allowed_address_pairs.ip_address | Should -Contain '192.168.0.200'
    }

    It 'adds the NIC to the virtual IP with -ReverseBinding' {
        $nic = Get-DemoNic | Select-Object -First 1
        $binding = Set-EcsNicVirtualIp -NicId $nic.PortId -SubnetId $nic.SubnetId -IpAddress '192.168.0.201' -ReverseBinding @connection
        $binding.ReverseBinding | Should -BeTrue
        $state = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'state'
        $vip = $state.ports | Where-Object { $_.ip_address -eq '192.168.0.201' -and $_.network_id -eq $subnetA.id }
        $vip.allowed_address_pairs.ip_address | Should -Contain $nic.PrimaryIp
    }

    It 'names the server of each piped NIC and the virtual IP''s own port, reading that port once for all its NICs' {
        $pair = @(Get-DemoNic | Select-Object -First 2)
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $bindings = @($pair | Set-EcsNicVirtualIp -IpAddress '192.168.0.205' -ReverseBinding @connection)
        $bindings.ServerId | Should -Be @($pair.ServerId)
        $state = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'state'
        $vip = @($state.ports | Where-Object { $_.ip_address -eq '192.168.0.205' -and $_.device_owner -eq 'neutron:VIP_PORT' })
        $vip | Should -HaveCount 1
        $bindings.VirtualIpPortId | Should -Be @($vip[0].id, $vip[0].id)
        Get-EcsNicRequestCount -Emulator $emulator -Operation AssociateServerVirtualIp | Should -Be 2
        Get-EcsNicRequestCount -Emulator $emulator -Operation ListPorts | Should -Be 1
    }

    It 'takes a ServerNic as -InputObject' {
        $nic = Get-DemoNic | Select-Object -First 1
        (Set-EcsNicVirtualIp -InputObject $nic -IpAddress '192.168.0.202' @connection).NicId | Should -Be $nic.PortId
    }

    It 'binds rows with Huawei field names by property name' {
        $nic = Get-DemoNic | Select-Object -First 1
        $row = [pscustomobject]@{ port_id = $nic.PortId; subnet_id = $nic.SubnetId; ip_address = '192.168.0.203' }
        ($row | Set-EcsNicVirtualIp @connection).IpAddress | Should -Be '192.168.0.203'
    }

    It 'runs many rows concurrently and returns the results in input order' {
        $nics = @(Get-DemoNic)
        $rows = for ($i = 0; $i -lt $nics.Count; $i++) {
            [pscustomobject]@{ NicId = $nics[$i].PortId; SubnetId = $nics[$i].SubnetId; IpAddress = "192.168.0.$(210 + $i)" }
        }
        $results = @($rows | Set-EcsNicVirtualIp -ThrottleLimit 4 @connection)
        $results.NicId | Should -Be @($rows.NicId)
        $results.IpAddress | Should -Be @($rows.IpAddress)
    }

    It 'never takes the NIC''s own address as the virtual IP' {
        $nic = Get-DemoNic | Select-Object -First 1
        $results = @($nic | Set-EcsNicVirtualIp @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results | Should -HaveCount 0
        $failures | Should -Not -BeNullOrEmpty
        (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $nic.PortId).allowed_address_pairs | Should -BeNullOrEmpty
    }

    It 'previews with -WhatIf and changes nothing' {
        $nic = Get-DemoNic | Select-Object -First 1
        $nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.204' -WhatIf @connection | Should -BeNullOrEmpty
        (Get-EcsNicEmulatorPort -Emulator $emulator -PortId $nic.PortId).allowed_address_pairs | Should -BeNullOrEmpty
    }

    It 'rejects an IPv6 address before the -WhatIf preview, quoting it as typed' {
        $nic = Get-DemoNic | Select-Object -First 1
        $failure = Get-EcsNicThrownError {
            $nic | Set-EcsNicVirtualIp -IpAddress '2001:db8::1' -WhatIf -ErrorAction Stop @connection
        }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -BeLike "IpAddress '2001:db8::1' is not an IPv4 address*"
    }

    It 'reports a bad address as EcsNic.InvalidParameter and binds the other rows' {
        $nics = @(Get-DemoNic)
        $rows = @(
            [pscustomobject]@{ NicId = $nics[0].PortId; SubnetId = $nics[0].SubnetId; IpAddress = '192.168.0.999' }
            [pscustomobject]@{ NicId = $nics[1].PortId; SubnetId = $nics[1].SubnetId; IpAddress = '192.168.0.205' }
        )
        $results = @($rows | Set-EcsNicVirtualIp @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.NicId | Should -Be @($nics[1].PortId)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        # The row itself is the target, so failed rows can be told apart and collected for a retry.
        $failures[0].TargetObject | Should -Be $rows[0]
        "$($failures[0])" | Should -Match '192\.168\.0\.999'
    }

    It 'reports a NIC the cloud does not know with the cloud''s error code and goes on' {
        $nic = Get-DemoNic | Select-Object -First 1
        $rows = @(
            [pscustomobject]@{ NicId = $unknownId; SubnetId = $subnetA.id; IpAddress = '192.168.0.206' }
            [pscustomobject]@{ NicId = $nic.PortId; SubnetId = $nic.SubnetId; IpAddress = '192.168.0.207' }
        )
        $results = @($rows | Set-EcsNicVirtualIp @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.NicId | Should -Be @($nic.PortId)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0307,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $rows[0]
        $failures[0].TargetObject.NicId | Should -Be $unknownId
    }

    It 'stops with -ErrorAction Stop' {
        $nic = Get-DemoNic | Select-Object -First 1
        $rows = @(
            [pscustomobject]@{ NicId = $unknownId; SubnetId = $subnetA.id; IpAddress = '192.168.0.208' }
            [pscustomobject]@{ NicId = $nic.PortId; SubnetId = $nic.SubnetId; IpAddress = '192.168.0.209' }
        )
        $failure = Get-EcsNicThrownError { $rows | Set-EcsNicVirtualIp @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'Ecs.0307,*'
    }
}

Describe 'Set-EcsNicVirtualIp output at the console' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.ViewHelpers.psm1') -Force
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'fits 80 and 120 columns with a one-row header and whole NIC IDs' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        param($Width)
        $bindings = @(Get-DemoNic | Set-EcsNicVirtualIp -IpAddress '192.168.0.231' @connection)
        $bindings | Should -Not -BeNullOrEmpty
        Get-EcsNicViewProblem -InputObject $bindings -Width $Width -Id @($bindings.NicId) | Should -BeNullOrEmpty
        $text = $bindings | Out-String -Width $Width
        $text | Should -Match '(?m)^Action\s+IpAddress\s+NicId\s+Reverse\s*$'
        ($bindings[0] | Format-List | Out-String -Width 80) | Should -Match '(?m)^SubnetId\s+:'
    }

    It 'writes each retry on the verbose stream before the binding it explains' {
        $nic = Get-DemoNic | Select-Object -First 1
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'faults' -Body @{ operation = 'AssociateServerVirtualIp'; kind = 'throttle'; count = 1 } | Out-Null
        try {
            $stream = @($nic | Set-EcsNicVirtualIp -IpAddress '192.168.0.232' @connection -Verbose 4>&1)
        }
        finally {
            Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Delete -Path 'faults' | Out-Null
        }
        $retry = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'retrying in' })
        $retry | Should -HaveCount 1
        $retry[0].Message | Should -Match ([regex]::Escape($nic.PortId))
        $binding = @($stream | Where-Object { $_ -is [EcsNic.Core.Models.VirtualIpBinding] })
        $binding | Should -HaveCount 1
        [array]::IndexOf($stream, $retry[0]) | Should -BeLessThan ([array]::IndexOf($stream, $binding[0]))
    }
}
