#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
    function Get-Shown([object] $Context) {
        ($Context | Format-List -Property * | Out-String -Width 200) + ($Context | Out-String -Width 80) + ($Context | ConvertTo-Json -Depth 4)
    }
}

AfterAll {
    Disconnect-EcsCloud
    Set-EcsNicHermeticEnvironment
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Get-EcsContext' {
    BeforeEach {
        Disconnect-EcsCloud
        Set-EcsNicHermeticEnvironment
    }

    It 'shows the connection: region, endpoint, project, credential source and the access key masked' {
        Connect-EcsCloud @connection | Out-Null
        Invoke-EcsNicEmulatorControl -Emulator $emulator -Method Post -Path 'counters/reset' | Out-Null
        $context = Get-EcsContext
        $context | Should -BeOfType ([EcsNic.Core.Session.EcsContext])
        $context.Region | Should -Be $emulator.Region
        $context.Endpoint | Should -Be $emulator.Endpoint
        $context.ProjectId | Should -Be $emulator.ProjectId
        $context.ProjectIds[$emulator.Region] | Should -Be $emulator.ProjectId
        $context.CredentialSource | Should -Be 'explicit'
        $context.AccessKey | Should -BeLike ($emulator.AccessKey.Substring(0, 4) + '*')
        $context.IsTemporary | Should -BeFalse
        $context.Connected | Should -BeTrue
        $context.Validated | Should -BeTrue
        (Invoke-EcsNicEmulatorControl -Emulator $emulator -Path 'counters').total_requests | Should -Be 0
        $shown = Get-Shown $context
        $shown | Should -Not -Match ([regex]::Escape($emulator.SecretKeyText))
        $shown | Should -Not -Match ([regex]::Escape($emulator.AccessKey))
        $view = $context | Out-String -Width 80
        $view | Should -Match '(?m)^CredentialSource\s+: explicit'
        $view | Should -Match ([regex]::Escape("[$($emulator.Region), $($emulator.ProjectId)]"))
        ($context | Format-Table | Out-String -Width 80) | Should -Match ([regex]::Escape($emulator.ProjectId))
    }

    It 'shows where the next call would find its credentials without a connection' {
        $env:HUAWEICLOUD_SDK_AK = $emulator.AccessKey
        $env:HUAWEICLOUD_SDK_SK = $emulator.SecretKeyText
        $context = Get-EcsContext -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint
        $context.CredentialSource | Should -Be 'environment'
        $context.Connected | Should -BeFalse
        Get-Shown $context | Should -Not -Match ([regex]::Escape($emulator.SecretKeyText))
    }

    It 'shows temporary keys from instance metadata and when they expire, never the token' {
        $env:ECSNIC_METADATA_ENDPOINT = $emulator.BaseUrl
        $context = Get-EcsContext -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint
        $context.CredentialSource | Should -Be 'metadata'
        $context.IsTemporary | Should -BeTrue
        $context.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        $key = Invoke-RestMethod -Uri "$($emulator.BaseUrl)openstack/latest/securitykey" -NoProxy
        $shown = Get-Shown $context
        $shown | Should -Not -Match ([regex]::Escape($key.credential.secret))
        $shown | Should -Not -Match ([regex]::Escape($key.credential.securitytoken))
    }

    It 'lists the project looked up for each region it has called' {
        Get-EcsServerNic -ServerId $server1.id @connection | Out-Null
        $context = Get-EcsContext -Credential $emulator.Credential -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint
        $context.ProjectIds[$emulator.Region] | Should -Be $emulator.ProjectId
        $context.ProjectId | Should -Be $emulator.ProjectId
    }

    It 'says what is missing as a warning and still writes the record' {
        $context = Get-EcsContext -WarningVariable warnings -WarningAction SilentlyContinue
        $context | Should -Not -BeNullOrEmpty
        $context.CredentialSource | Should -BeNullOrEmpty
        $context.Connected | Should -BeFalse
        $warnings | Should -Not -BeNullOrEmpty
    }
}
