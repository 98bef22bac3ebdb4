#Requires -Version 7.2

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    Set-EcsNicHermeticEnvironment
    $emulator = Start-EcsNicEmulator
    $connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
    $server1 = $emulator.Account.servers[0]
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
