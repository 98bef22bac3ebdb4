#Requires -Version 7.2

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.Setup.ps1')
}

AfterAll {
    Disconnect-EcsCloud
    Stop-EcsNicEmulator -Emulator $emulator
}

Describe 'Disconnect-EcsCloud' {
    BeforeEach {
        Disconnect-EcsCloud
    }

    It 'clears the session default credentials' {
        Connect-EcsCloud @connection | Out-Null
        Disconnect-EcsCloud
        $failure = Get-EcsNicThrownError {
            Get-EcsServerNic -ServerId $server1.id -Region $emulator.Region -Endpoint $emulator.Endpoint -IamEndpoint $emulator.IamEndpoint -ErrorAction Stop
        }
        $failure.FullyQualifiedErrorId | Should -BeLike 'EcsNic.NoCredentials,*'
    }

    It 'emits the cleared connection with -PassThru' {
        $connected = Connect-EcsCloud @connection
        $cleared = Disconnect-EcsCloud -PassThru
        $cleared | Should -BeOfType ([EcsNic.Core.Session.EcsConnectionInfo])
        $cleared.ProjectId | Should -Be $connected.ProjectId
    }

    It 'emits nothing and does not fail when not connected' {
        Disconnect-EcsCloud -PassThru | Should -BeNullOrEmpty
    }

    It 'leaves explicit credentials working' {
        Disconnect-EcsCloud
        @(Get-EcsServerNic -ServerId $server1.id @connection) | Should -HaveCount $server1.nics.Count
    }
}
