#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Connect-EcsCloud' {
    BeforeEach {
        Disconnect-EcsCloud
        Set-EcsNicHermeticEnvironment
    }

    It 'validates the settings, resolves the project and emits a record without secrets' {
        $info = Connect-EcsCloud @connection
        $info | Should -BeOfType ([EcsNic.Core.Session.EcsConnectionInfo])
        $info.Validated | Should -BeTrue
        $info.ProjectId | Should -Be $emulator.ProjectId
        $info.Region | Should -Be $emulator.Region
        $info.Endpoint | Should -Be $emulator.Endpoint
        $info.CredentialSource | Should -Be 'explicit'
        $info.AccessKey | Should -Not -Be $emulator.AccessKey
        $info.AccessKey | Should -BeLike ($emulator.AccessKey.Substring(0, 4) + '*')
        $text = ($info | Format-List -Property * | Out-String) + ($info | ConvertTo-Json -Depth 3)
        $text | Should -Not -Match ([regex]::Escape($emulator.SecretKeyText))
        $text | Should -Not -Match ([regex]::Escape($emulator.AccessKey))
    }

    It 'lets later calls omit credentials, region and endpoint' {
        Connect-EcsCloud @connection | Out-Null
        $nics = @(Get-EcsServerNic -ServerId $server1.id)
        $nics | Should -HaveCount $server1.nics.Count
    }

    It 'accepts -AccessKey with -SecretKey' {
        $info = Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint -AccessKey $emulator.AccessKey -SecretKey $emulator.SecretKey
        $info.Validated | Should -BeTrue
    }

    It 'changes nothing when validation fails' {
        Connect-EcsCloud @connection | Out-Null
        $wrong = ConvertTo-SecureString -String 'not-the-secret-key' -AsPlainText -Force
        $failure = Get-EcsNicThrownError {
            Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint -AccessKey $emulator.AccessKey -SecretKey $wrong -ErrorAction Stop
        }
        $failure | Should -Not -BeNullOrEmpty
        $failure.CategoryInfo.Category | Should -Be 'SecurityError'
        "$failure" | Should -Not -Match 'not-the-secret-key'
        # The earlier connection still works.
        @(Get-EcsServerNic -ServerId $server1.id) | Should -HaveCount $server1.nics.Count
    }

    It 'sends one signed request even when the project ID is known, and refuses a wrong secret key then too' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $info = Connect-EcsCloud @connection -ProjectId $emulator.ProjectId
        $info.Validated | Should -BeTrue
        $counters = Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters'
        $counters.total_requests | Should -Be 1
        $counters.requests.ShowServerLimits | Should -Be 1
        $wrong = ConvertTo-SecureString -String 'not-the-secret-key' -AsPlainText -Force
        $failure = Get-EcsNicThrownError {
            Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -ProjectId $emulator.ProjectId -AccessKey $emulator.AccessKey -SecretKey $wrong -ErrorAction Stop
        }
        $failure.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'looks up the project of another region instead of sending the connected one' {
        Connect-EcsCloud @connection | Out-Null
        $second = $emulator.Account.second_region
        $variable = 'HUAWEICLOUD_SDK_REGION_ECS_' + $second.ToUpperInvariant().Replace('-', '_')
        Set-Item -LiteralPath "Env:$variable" -Value "$($emulator.BaseUrl)region/$second/"
        try {
            Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
            $failure = Get-EcsNicThrownError { Get-EcsServerNic -ServerId $server1.id -Region $second -ErrorAction Stop }
            # The server lives in the connected region; the other region accepted its own project and did not find it.
            $failure.FullyQualifiedErrorId | Should -BeLike 'Ecs.0114,*'
            $paths = (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').paths
            # Get-EcsServerNic reads the server (which tells the primary NIC) and its NIC list, both with the second project.
            @($paths | Where-Object { $_ -like "*/v1/$($emulator.Account.second_project_id)/cloudservers/*" }) | Should -HaveCount 2
            @($paths | Where-Object { $_ -like "*/v1/$($emulator.ProjectId)/*" }) | Should -HaveCount 0
        }
        finally {
            Remove-Item -LiteralPath "Env:$variable" -ErrorAction SilentlyContinue
        }
    }

    It 'takes the IAM endpoint from HUAWEICLOUD_SDK_IAM_ENDPOINT' {
        $env:HUAWEICLOUD_SDK_IAM_ENDPOINT = "$($emulator.IamEndpoint)"
        try {
            $info = Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -Credential $emulator.Credential
            $info.ProjectId | Should -Be $emulator.ProjectId
        }
        finally {
            Remove-Item -LiteralPath Env:HUAWEICLOUD_SDK_IAM_ENDPOINT -ErrorAction SilentlyContinue
        }
    }

    It 'quotes a bad region as typed' {
        $failure = Get-EcsNicThrownError { Connect-EcsCloud -Region 'Beijing4' -Endpoint $emulator.Endpoint -Credential $emulator.Credential -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        "$failure" | Should -BeLike "Region 'Beijing4' is not a valid region ID*"
    }

    It 'stores the settings without any request with -SkipValidation' {
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $info = Connect-EcsCloud @connection -SkipValidation
        $info.Validated | Should -BeFalse
        $info.ProjectId | Should -BeNullOrEmpty
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').total_requests | Should -Be 0
        @(Get-EcsServerNic -ServerId $server1.id) | Should -HaveCount $server1.nics.Count
    }

    It 'rejects a half-given key pair before sending anything' {
        $failure = Get-EcsNicThrownError {
            Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint -AccessKey $emulator.AccessKey -ErrorAction Stop
        }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.InvalidParameter,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$failure" | Should -Match 'SecretKey'
    }

    It 'connects with a KooCLI profile and remembers the profile' {
        $env:ECSNIC_KOOCLI_CONFIG = New-EcsNicKooCliConfig -Emulator $emulator -ProfileName 'emu'
        $info = Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint -ProfileName 'emu'
        $info.ProfileName | Should -Be 'emu'
        $info.Validated | Should -BeTrue
        @(Get-EcsServerNic -ServerId $server1.id) | Should -HaveCount $server1.nics.Count
    }

    It 'reports missing credentials as EcsNic.NoCredentials' {
        $failure = Get-EcsNicThrownError { Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.NoCredentials,*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
    }
}

Describe 'Connect-EcsCloud for an admin at the console' {
    BeforeAll {
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.ViewHelpers.psm1') -Force
        # A loopback port nothing listens on: take a free one and close it again.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $deadPort = $listener.LocalEndpoint.Port
        $listener.Stop()
        $deadEndpoint = [uri]"http://127.0.0.1:$deadPort/"
    }

    BeforeEach {
        Disconnect-EcsCloud
        Set-EcsNicHermeticEnvironment
    }

    It 'honours -ErrorAction for a failed check and changes nothing' {
        Connect-EcsCloud @connection | Out-Null
        Connect-EcsCloud -Region $emulator.Region -Endpoint $deadEndpoint -IamEndpoint $emulator.IamEndpoint -Credential $emulator.Credential -ErrorAction SilentlyContinue -ErrorVariable failures |
            Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        (Get-EcsContext).Endpoint | Should -Be $emulator.Endpoint
    }

    It 'says once that the connection was refused, naming the endpoint, with a hint and no error ID in the sentence' {
        $failure = Get-EcsNicThrownError { Connect-EcsCloud -Region $emulator.Region -Endpoint $deadEndpoint -IamEndpoint $emulator.IamEndpoint -Credential $emulator.Credential -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.ConnectionFailed,*'
        $message = $failure.Exception.Message
        ([regex]::Matches($message, 'refused')).Count | Should -Be 1
        $message | Should -Match ([regex]::Escape("127.0.0.1:$deadPort"))
        $message | Should -Not -Match 'EcsNic\.|\(null\)|request ID'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-Endpoint'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'emulator'
    }

    It 'states the NoCredentials recommendation once' {
        $failure = Get-EcsNicThrownError { Connect-EcsCloud -Region $emulator.Region -Endpoint $emulator.Endpoint -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.NoCredentials,*'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'Connect-EcsCloud'
        $failure.Exception.Message | Should -Not -Match 'Pass -Credential'
        $failure.Exception.Message | Should -Not -Match '\.\.'
    }

    It 'fits its record in 80 columns without cutting the project ID' {
        $info = Connect-EcsCloud @connection
        Get-EcsNicViewProblem -InputObject $info -Width 80 -Id @($info.ProjectId, $info.Region, $info.AccessKey) | Should -BeNullOrEmpty
        ($info | Format-List | Out-String -Width 80) | Should -Match ([regex]::Escape("$($emulator.Endpoint)"))
    }
}
