#Requires -Version 7.2
# The module as a whole: manifest, exported commands, format data, argument completion of -Region and -ProfileName.

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    $manifestPath = Get-EcsNicModuleManifest
    $module = Import-Module -Name $manifestPath -Force -PassThru
}

Describe 'EcsNic module' {
    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path $manifestPath
        $manifest.Name | Should -Be 'EcsNic'
        $manifest.RootModule | Should -Be 'EcsNic.dll'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'exports exactly its twenty cmdlets and nothing else' {
        $expected = 'Add-EcsServerNic', 'Connect-EcsCloud', 'Disconnect-EcsCloud', 'Get-EcsContext', 'Get-EcsJob', 'Get-EcsNic',
            'Get-EcsNicVirtualIp', 'Get-EcsServerNic', 'Get-EcsSubnet', 'Get-EcsVpc', 'New-EcsNic', 'New-EcsSubnet', 'New-EcsVpc', 'Remove-EcsNic',
            'Remove-EcsNicVirtualIp', 'Remove-EcsServerNic', 'Remove-EcsSubnet', 'Remove-EcsVpc', 'Set-EcsNicVirtualIp', 'Wait-EcsJob'
        (Get-Command -Module EcsNic | Sort-Object -Property Name).Name | Should -Be $expected
        (Get-Command -Module EcsNic).CommandType | Sort-Object -Unique | Should -Be 'Cmdlet'
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'names every cmdlet in the manifest itself, so that command discovery needs no load' {
        $data = Import-PowerShellDataFile -Path $manifestPath
        $data.CmdletsToExport | Sort-Object | Should -Be ($module.ExportedCmdlets.Keys | Sort-Object)
        @($data.CmdletsToExport).Count | Should -Be 20
        $data.CmdletsToExport | Should -Not -Contain '*'
    }

    It 'runs on exactly one EcsNic.Core: on pwsh 7.6+ on linux-x64 the ReadyToRun net10.0 one from coreclr/, else the one beside EcsNic.dll' {
        $cores = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'EcsNic.Core' })
        $cores.Count | Should -Be 1
        $readyToRun = $PSVersionTable.PSEdition -eq 'Core' -and [Environment]::Version.Major -ge 10 -and $IsLinux -and
            [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64'
        $framework = $cores[0].GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false).FrameworkName
        if ($readyToRun) {
            $cores[0].Location | Should -Be (Join-Path -Path $module.ModuleBase -ChildPath 'coreclr' -AdditionalChildPath 'EcsNic.Core.dll')
            $framework | Should -Be '.NETCoreApp,Version=v10.0'
        }
        else {
            $cores[0].Location | Should -Be (Join-Path -Path $module.ModuleBase -ChildPath 'EcsNic.Core.dll')
            $framework | Should -Be '.NETStandard,Version=v2.0'
        }
        # The cmdlets really run on it: a record they emit is of its types.
        [EcsNic.Core.Models.ServerNic].Assembly | Should -Be $cores[0]
    }

    It 'loads the format views of every record it emits' {
        foreach ($type in 'EcsNic.Core.Models.ServerNic', 'EcsNic.Core.Models.VirtualIpBinding', 'EcsNic.Core.Models.EcsJob',
            'EcsNic.Core.Models.EcsSubJob', 'EcsNic.Core.Session.EcsConnectionInfo', 'EcsNic.Core.Models.EcsVpc',
            'EcsNic.Core.Models.EcsSubnet', 'EcsNic.Core.Models.VpcPort') {
            Get-FormatData -TypeName $type | Should -Not -BeNullOrEmpty -Because "$type needs views"
        }
    }

    It 'completes -Region with the known regions' {
        $line = 'Get-EcsServerNic -Region cn-nor'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'cn-north-4'
        $completion.CompletionMatches.CompletionText | Should -Not -Contain 'ap-southeast-1'
    }

    It 'completes -ProfileName from the KooCLI file, current profile first, without showing a key' {
        $directory = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "ecsnic-completion-$PID-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $directory -Force | Out-Null
        $path = [System.IO.Path]::Combine($directory, 'config.json')
        $config = [ordered]@{
            current  = 'prod'
            profiles = @(
                [ordered]@{ name = 'dev'; mode = 'AKSK'; accessKeyId = 'AKDEVCOMPLETION00001'; secretAccessKey = 'DevSecretCompletion000000000000000000001'; region = 'cn-north-4' }
                [ordered]@{ name = 'prod'; mode = 'AKSK'; accessKeyId = 'AKPRODCOMPLETION0001'; secretAccessKey = 'ProdSecretCompletion00000000000000000001'; region = 'ap-southeast-1' }
                [ordered]@{ name = 'my lab'; mode = 'AKSK'; accessKeyId = 'AKLABCOMPLETION00001'; secretAccessKey = 'LabSecretCompletion000000000000000000001' }
            )
        }
        Set-Content -LiteralPath $path -Value (ConvertTo-Json -InputObject $config -Depth 5) -Encoding utf8NoBOM
        $saved = $env:ECSNIC_KOOCLI_CONFIG
        $env:ECSNIC_KOOCLI_CONFIG = $path
        try {
            $line = 'Get-EcsServerNic -ProfileName '
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.CompletionText) | Should -Be @('prod', 'dev', "'my lab'")
            $shown = ($completion.CompletionMatches | ForEach-Object { $_.ListItemText + ' ' + $_.ToolTip }) -join ' '
            $shown | Should -Match 'region ap-southeast-1'
            $shown | Should -Not -Match 'COMPLETION|Secret'

            $line = 'Connect-EcsCloud -ProfileName d'
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.CompletionText) | Should -Be @('dev')
        }
        finally {
            $env:ECSNIC_KOOCLI_CONFIG = $saved
            Remove-Item -LiteralPath $directory -Recurse -Force
        }
    }

    It 'has help-visible parameter sets for the pipeline cmdlets' {
        (Get-Command -Name Set-EcsNicVirtualIp).ParameterSets.Name | Should -Contain 'ById'
        (Get-Command -Name Set-EcsNicVirtualIp).ParameterSets.Name | Should -Contain 'InputObject'
        (Get-Command -Name Wait-EcsJob).DefaultParameterSet | Should -Be 'ById'
    }
}
