#Requires -Version 7.2

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    # Well-formed (so the module sends it) but unknown to the emulator.
    $unknownId = '00000000-0000-4000-8000-000000000001'
    $target = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint }
    $servers = $emulator.Account.servers
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

    It 'shows a table with the NIC columns by default' {
        $table = Get-EcsServerNic -ServerId $server1.id @connection | Out-String -Width 400
        $table | Should -Match 'PortId'
        $table | Should -Match 'PrimaryIp'
        $table | Should -Match ([regex]::Escape($server1.nics[0].port_id))
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

    It 'is shown as a table grouped by server' {
        $text = Get-EcsServerNic -ServerId $server1.id @connection | Out-String -Width 200
        $text | Should -Match ([regex]::Escape("ServerId: $($server1.id)"))
        $text | Should -Match 'PortId\s+PrimaryIp\s+SubnetId\s+MacAddress\s+State'
        $text | Should -Match ([regex]::Escape($server1.nics[0].port_id))
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
