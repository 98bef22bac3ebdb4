#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
    $target = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint }
    $server1 = $servers[0]
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Get-EcsServerNic' {
    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'lists the NICs of a server as ServerNic records' {
        $nics = @(Get-EcsServerNic -ServerId $server1.id @connection)
        $nics | Should -HaveCount $server1.nics.Count
        $nics[0] | Should -BeOfType ([EcsNic.Core.Models.ServerNic])
        @($nics.PortId | Sort-Object) | Should -Be @($server1.nics.port_id | Sort-Object)
        $first = $nics | Where-Object PortId -EQ $server1.nics[0].port_id
        $first.ServerId | Should -Be $server1.id
        $first.SubnetId | Should -Be $server1.nics[0].subnet_id
        $first.PrimaryIp | Should -Be $server1.nics[0].ip_address
        $first.MacAddress | Should -Be $server1.nics[0].mac_address
    }

    It 'takes several server IDs, positionally' {
        $nics = @(Get-EcsServerNic $servers[0].id, $servers[1].id @connection)
        @($nics.ServerId | Select-Object -Unique) | Should -Be @($servers[0].id, $servers[1].id)
    }

    It 'binds ServerId from piped records by property name, including server_id' {
        $records = @([pscustomobject]@{ ServerId = $servers[0].id }, [pscustomobject]@{ server_id = $servers[1].id })
        $nics = @($records | Get-EcsServerNic @connection)
        @($nics.ServerId | Select-Object -Unique) | Should -Be @($servers[0].id, $servers[1].id)
    }

    It 'shows the NICs by default with their port ID, address, role and state' {
        $table = Get-EcsServerNic -ServerId $server1.id @connection | Out-String -Width 400
        $table | Should -Match ([regex]::Escape($server1.nics[0].port_id) + '\s+' + [regex]::Escape($server1.nics[0].ip_address) + '\s+primary\s+ACTIVE')
    }

    It 'writes a non-terminating error for an unknown server and goes on' {
        $nics = @(Get-EcsServerNic -ServerId $unknownId, $server1.id @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $nics | Should -HaveCount $server1.nics.Count
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ecs.0114,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $unknownId
        "$($failures[0])" | Should -Match 'request ID'
    }

    It 'stops at the first error with -ErrorAction Stop' {
        $failure = Get-EcsNicThrownError { Get-EcsServerNic -ServerId $unknownId, $server1.id @connection -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'Ecs.0114,*'
    }

    It 'rejects a malformed ID before sending anything' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        Get-EcsServerNic -ServerId '../servers' @connection -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($failures[0])" | Should -Match 'ServerId'
        Get-EcsNicRequestCount -Emulator $emulator -Operation ListServerInterfaces | Should -Be 0
    }

    Context 'credential sources' {
        BeforeEach {
            Disconnect-EcsCloud
            Set-EcsNicHermeticEnvironment
        }

        AfterEach {
            Disconnect-EcsCloud
            Set-EcsNicHermeticEnvironment
        }

        It 'fails with EcsNic.NoCredentials when no source has any' {
            $failure = Get-EcsNicThrownError { Get-EcsServerNic -ServerId $server1.id @target -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.NoCredentials,*'
            $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        }

        It 'uses -AccessKey and -SecretKey' {
            @(Get-EcsServerNic -ServerId $server1.id @target -AccessKey $emulator.AccessKey -SecretKey $emulator.SecretKey) |
                Should -HaveCount $server1.nics.Count
        }

        It 'uses HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK' {
            $env:HUAWEICLOUD_SDK_AK = $emulator.AccessKey
            $env:HUAWEICLOUD_SDK_SK = $emulator.SecretKeyText
            @(Get-EcsServerNic -ServerId $server1.id @target) | Should -HaveCount $server1.nics.Count
        }

        It 'uses the KooCLI profile named by -ProfileName, ignoring the environment' {
            $env:ECSNIC_KOOCLI_CONFIG = New-EcsNicKooCliConfig -Emulator $emulator -ProfileName 'emu'
            $env:HUAWEICLOUD_SDK_AK = 'WRONGWRONGWRONGWRONG'
            $env:HUAWEICLOUD_SDK_SK = 'wrong-secret'
            @(Get-EcsServerNic -ServerId $server1.id @target -ProfileName 'emu') | Should -HaveCount $server1.nics.Count
        }

        It 'uses ECS instance metadata when nothing else is there' {
            $env:ECSNIC_METADATA_ENDPOINT = $emulator.BaseUrl
            @(Get-EcsServerNic -ServerId $server1.id @target) | Should -HaveCount $server1.nics.Count
        }

        It 'prefers explicit credentials over the session default' {
            $wrong = [pscredential]::new('WRONGWRONGWRONGWRONG', (ConvertTo-SecureString -String 'wrong' -AsPlainText -Force))
            Connect-EcsCloud @connection | Out-Null
            $failure = Get-EcsNicThrownError { Get-EcsServerNic -ServerId $server1.id @target -Credential $wrong -ErrorAction Stop }
            $failure.CategoryInfo.Category | Should -Be 'SecurityError'
        }
    }
}

Describe 'Get-EcsServerNic output in the session' {
    BeforeAll {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'is grouped by server without repeating a column header for each server' {
        $text = Get-EcsServerNic -ServerId $servers.id @connection | Out-String -Width 200
        foreach ($server in $servers) {
            $text | Should -Match ([regex]::Escape("NICs of server: $($server.id)"))
        }
        $text | Should -Not -Match '(?m)^\s*-{5,}'
        $text | Should -Not -Match 'PortId'
    }

    It 'makes -ServerId and -NicId complete from the NICs it listed, without another call' {
        Disconnect-EcsCloud
        Get-EcsServerNic -ServerId $servers[0].id, $servers[1].id @connection | Out-Null
        $before = (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').total_requests

        $line = 'Remove-EcsServerNic -ServerId '
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @($servers[1].id, $servers[0].id)
        $completion.CompletionMatches[1].ToolTip | Should -Match ([regex]::Escape($server1.nics[0].ip_address))

        $prefix = $server1.nics[0].port_id.Substring(0, 8)
        $line = "Set-EcsNicVirtualIp -NicId $prefix"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @($server1.nics[0].port_id)

        $line = "Remove-EcsServerNic -ServerId $($servers[1].id) -NicId "
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @($servers[1].nics.port_id)

        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').total_requests | Should -Be $before
    }

    It 'forgets the remembered IDs on Disconnect-EcsCloud' {
        Get-EcsServerNic -ServerId $server1.id @connection | Out-Null
        Disconnect-EcsCloud
        $line = 'Get-EcsServerNic -ServerId '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
    }
}

Describe 'Get-EcsServerNic for an admin at the console' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.ViewHelpers.psm1') -Force
    }

    BeforeEach {
        Reset-EcsNicEmulator -Emulator $emulator
    }

    It 'marks the primary NIC, as the server''s addresses say' {
        $nics = @(Get-EcsServerNic -ServerId $server1.id @connection)
        ($nics | Where-Object PortId -EQ $server1.nics[0].port_id).IsPrimary | Should -BeTrue
        @($nics | Where-Object PortId -NE $server1.nics[0].port_id | ForEach-Object IsPrimary) | Should -Not -Contain $true
        @($nics | Where-Object { -not $_.IsPrimary }) | Should -HaveCount ($server1.nics.Count - 1)
    }

    It 'lists a server named twice once' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $nics = @(Get-EcsServerNic -ServerId $server1.id, $server1.id.ToUpperInvariant() @connection)
        $nics | Should -HaveCount $server1.nics.Count
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').requests.ListServerInterfaces | Should -Be 1
    }

    It 'fits 80 and 120 columns without cutting an ID, the rest being in Format-List' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        param($Width)
        $nics = @(Get-EcsServerNic -ServerId $servers.id @connection)
        Get-EcsNicViewProblem -InputObject $nics -Width $Width -Id (@($nics.PortId) + @($nics.ServerId) + @($nics.PrimaryIp)) | Should -BeNullOrEmpty
        $list = $nics[0] | Format-List | Out-String -Width 80
        foreach ($property in 'SubnetId', 'MacAddress', 'IsPrimary', 'FixedIpSubnetIds') {
            $list | Should -Match "(?m)^$property\s+:"
        }
    }

    It 'gives a failed piped row itself as the error target' {
        $rows = @([pscustomobject]@{ ServerId = $unknownId; Row = 1 }, [pscustomobject]@{ ServerId = $server1.id; Row = 2 })
        $nics = @($rows | Get-EcsServerNic @connection -ErrorVariable failures -ErrorAction SilentlyContinue)
        $nics | Should -HaveCount $server1.nics.Count
        $failures | Should -HaveCount 1
        $failures[0].TargetObject | Should -Be $rows[0]
        $failures[0].ErrorDetails.Message | Should -Not -BeNullOrEmpty
    }

    It 'completes -NicId from an address' {
        Get-EcsServerNic -ServerId $servers.id @connection | Out-Null
        $nic = $server1.nics[0]
        $typed = $nic.ip_address.Substring(0, $nic.ip_address.Length - 1)
        $line = "Remove-EcsNicVirtualIp -NicId $typed"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Contain $nic.port_id
        ($completion.CompletionMatches | Where-Object CompletionText -EQ $nic.port_id).ListItemText | Should -Match ([regex]::Escape($nic.ip_address))
    }

    It 'completes -Region in natural order with the region names' {
        $line = 'Get-EcsServerNic -Region cn-north-'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @('cn-north-1', 'cn-north-2', 'cn-north-4', 'cn-north-9', 'cn-north-11', 'cn-north-12')
        ($completion.CompletionMatches | Where-Object CompletionText -EQ 'cn-north-4').ListItemText | Should -Match 'CN North-Beijing4'
    }

    It 'writes each request''s debug line, naming the credential source, before the records it explains' {
        $stream = @(Get-EcsServerNic -ServerId $server1.id @connection -Debug 5>&1)
        $debug = @($stream | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        $request = @($debug | Where-Object Message -Like 'GET *os-interface*')
        $request | Should -HaveCount 1
        $request[0].Message | Should -Match ([regex]::Escape("signed with $($emulator.AccessKey.Substring(0, 4))") + '\S* from explicit')
        $request[0].Message | Should -Not -Match ([regex]::Escape($emulator.AccessKey))
        $firstNic = @($stream | Where-Object { $_ -is [EcsNic.Core.Models.ServerNic] })[0]
        [array]::IndexOf($stream, $debug[-1]) | Should -BeLessThan ([array]::IndexOf($stream, $firstNic))
    }
}
