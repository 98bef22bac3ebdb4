#Requires -Version 7.2
<#
    Helpers for the EcsNic Pester tests: start and stop the local emulator, call its control API, and keep the
    credential chain away from anything real (environment keys, the user's KooCLI profile, instance metadata).

    What these helpers assume about the emulator (src/EcsNic.Emulator; checked against its code on the 'emulator'
    branch, to be re-checked by the integrator):
    - It is built for $env:ECSNIC_CONFIGURATION (default Release). The helper runs
      src/EcsNic.Emulator/bin/<Configuration>/net10.0/EcsNic.Emulator.dll with `dotnet`, or, when that file is missing,
      `dotnet run --project src/EcsNic.Emulator --no-build -c <Configuration> --`.
    - It accepts `--urls http://127.0.0.1:<port>` and `--job-duration-ms <n>`, and serves ECS, VPC, IAM and the
      instance metadata routes (/openstack/latest/securitykey) on that one base URL.
    - Its unsigned control API lives under <base>_emulator/:
        GET  account      -> { access_key, secret_key, project_id, domain_id, region,
                               subnets: [{ id, name, cidr, vpc_id }],
                               servers: [{ id, name, vpc_id, nics: [{ port_id, subnet_id, ip_address, mac_address }] }] }
                             (servers: the demo servers, then one server in another VPC; server 1 has two NICs;
                              subnets: demo-a, demo-b in the demo VPC, then 'other' in the other VPC)
        POST reset        -> restores the seeded state (same IDs) and answers the account
        GET  ports/<id>   -> { id, ip_address, device_owner, allowed_address_pairs: [{ ip_address, mac_address }] }
        POST faults       -> { operation, kind, count } arms a fault; DELETE faults clears them
    - The demo account's region is also the IAM project name, so project lookup by region works.
#>

Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path

function Get-EcsNicModuleManifest {
    <# The manifest to import: $env:ECSNIC_MODULE_PATH (set by build.ps1), else out/EcsNic/EcsNic.psd1. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    if ($env:ECSNIC_MODULE_PATH) {
        return $env:ECSNIC_MODULE_PATH
    }
    return [System.IO.Path]::Combine($script:RepoRoot, 'out', 'EcsNic', 'EcsNic.psd1')
}

function Set-EcsNicHermeticEnvironment {
    <#
        Removes the HUAWEICLOUD_SDK_* credential variables, switches instance metadata off and points the KooCLI config
        at a file that does not exist, so that only what a test passes can authenticate. A test that forgets
        -IamEndpoint reaches a closed loopback port (HUAWEICLOUD_SDK_IAM_ENDPOINT), never a cloud host.
    #>
    [CmdletBinding()]
    param()
    foreach ($name in 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEICLOUD_SDK_DOMAIN_ID') {
        Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue
    }
    $env:ECSNIC_METADATA_ENDPOINT = 'off'
    $env:HUAWEICLOUD_SDK_IAM_ENDPOINT = 'http://127.0.0.1:9/'
    $env:ECSNIC_KOOCLI_CONFIG = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "ecsnic-no-koocli-$PID", 'config.json')
}

function Get-FreeTcpPort {
    [CmdletBinding()]
    [OutputType([int])]
    param()
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        return $listener.LocalEndpoint.Port
    }
    finally {
        $listener.Stop()
    }
}

function Start-EcsNicEmulator {
    <#
        Starts the emulator on a free loopback port and waits until its control API answers. Returns an object with
        Process, BaseUrl, Endpoint ([uri]), IamEndpoint ([uri], where the emulator serves IAM), ControlUrl, AccessKey, SecretKey (SecureString), SecretKeyText, Credential
        (PSCredential), ProjectId, Region, Account (the control API's account document) and LogPath.
    #>
    [CmdletBinding()]
    param(
        [int] $JobDurationMs = 200,
        [string[]] $ArgumentList = @(),
        [int] $StartTimeoutSec = 60
    )
    $configuration = if ($env:ECSNIC_CONFIGURATION) { $env:ECSNIC_CONFIGURATION } else { 'Release' }
    $port = Get-FreeTcpPort
    $baseUrl = "http://127.0.0.1:$port/"
    $emulatorArguments = @('--urls', "http://127.0.0.1:$port", '--job-duration-ms', "$JobDurationMs") + $ArgumentList
    $dll = [System.IO.Path]::Combine($script:RepoRoot, 'src', 'EcsNic.Emulator', 'bin', $configuration, 'net10.0', 'EcsNic.Emulator.dll')
    if (Test-Path -LiteralPath $dll) {
        $dotnetArguments = @($dll) + $emulatorArguments
    }
    else {
        $project = [System.IO.Path]::Combine($script:RepoRoot, 'src', 'EcsNic.Emulator')
        $dotnetArguments = @('run', '--project', $project, '--no-build', '-c', $configuration, '--') + $emulatorArguments
    }
    $logPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "ecsnic-emulator-$port.log")
    $errorLogPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "ecsnic-emulator-$port.err.log")
    # Start-Process joins arguments with spaces, so each is quoted; none of them contains a double quote.
    $argumentString = ($dotnetArguments | ForEach-Object { '"{0}"' -f $_ }) -join ' '
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $argumentString -WorkingDirectory $script:RepoRoot `
        -RedirectStandardOutput $logPath -RedirectStandardError $errorLogPath -NoNewWindow -PassThru

    $deadline = [DateTime]::UtcNow.AddSeconds($StartTimeoutSec)
    $account = $null
    while ($null -eq $account) {
        if ($process.HasExited) {
            $output = (Get-Content -LiteralPath $logPath, $errorLogPath -Raw -ErrorAction SilentlyContinue) -join "`n"
            throw "The emulator exited with code $($process.ExitCode) before answering: $output"
        }
        try {
            $account = Invoke-RestMethod -Uri "${baseUrl}_emulator/account" -Method Get -NoProxy -TimeoutSec 2 -ErrorAction Stop
        }
        catch {
            if ([DateTime]::UtcNow -gt $deadline) {
                $process.Kill($true)
                throw "The emulator did not answer at $baseUrl within $StartTimeoutSec s (log: $logPath)."
            }
            Start-Sleep -Milliseconds 200
        }
    }

    $secretKey = ConvertTo-SecureString -String $account.secret_key -AsPlainText -Force
    [pscustomobject]@{
        PSTypeName    = 'EcsNic.TestEmulator'
        Process       = $process
        BaseUrl       = $baseUrl
        Endpoint      = [uri]$baseUrl
        IamEndpoint   = [uri]"${baseUrl}iam/"
        ControlUrl    = "${baseUrl}_emulator/"
        AccessKey     = $account.access_key
        SecretKey     = $secretKey
        SecretKeyText = $account.secret_key
        Credential    = [pscredential]::new($account.access_key, $secretKey)
        ProjectId     = $account.project_id
        Region        = $account.region
        Account       = $account
        LogPath       = $logPath
    }
}

function Stop-EcsNicEmulator {
    <# Stops the emulator process and everything it started. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [AllowNull()] [object] $Emulator)
    if ($null -ne $Emulator -and $null -ne $Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill($true)
        [void]$Emulator.Process.WaitForExit(10000)
    }
}

function Invoke-EcsNicEmulatorControl {
    <# Calls the emulator's unsigned control API, e.g. -Method Get -Path "ports/$id". #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Emulator,
        [ValidateSet('Get', 'Post', 'Put', 'Delete')] [string] $Method = 'Get',
        [Parameter(Mandatory = $true)] [string] $Path,
        [object] $Body
    )
    $request = @{
        Uri        = $Emulator.ControlUrl + $Path.TrimStart('/')
        Method     = $Method
        NoProxy    = $true
        TimeoutSec = 10
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = ConvertTo-Json -InputObject $Body -Depth 10
        $request.ContentType = 'application/json'
    }
    Invoke-RestMethod @request
}

function Reset-EcsNicEmulator {
    <# Restores the seeded state and clears armed faults, so that each test starts from the same account. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Emulator)
    [void](Invoke-EcsNicEmulatorControl -Emulator $Emulator -Method Post -Path 'reset')
    [void](Invoke-EcsNicEmulatorControl -Emulator $Emulator -Method Delete -Path 'faults')
}

function Get-EcsNicEmulatorPort {
    <# The emulator's view of one port, including allowed_address_pairs. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Emulator,
        [Parameter(Mandatory = $true)] [string] $PortId
    )
    Invoke-EcsNicEmulatorControl -Emulator $Emulator -Method Get -Path "ports/$PortId"
}

function New-EcsNicKooCliConfig {
    <# Writes a KooCLI config.json with one AK/SK profile for the emulator's demo account; returns its path. #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)] [object] $Emulator,
        [string] $ProfileName = 'emulator'
    )
    $directory = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "ecsnic-koocli-$PID-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $directory -Force | Out-Null
    $path = [System.IO.Path]::Combine($directory, 'config.json')
    $config = [ordered]@{
        current  = $ProfileName
        profiles = @(
            [ordered]@{
                name            = $ProfileName
                mode            = 'AKSK'
                accessKeyId     = $Emulator.AccessKey
                secretAccessKey = $Emulator.SecretKeyText
                region          = $Emulator.Region
                projectId       = $Emulator.ProjectId
            }
        )
    }
    Set-Content -LiteralPath $path -Value (ConvertTo-Json -InputObject $config -Depth 5) -Encoding utf8NoBOM
    return $path
}

function Get-EcsNicThrownError {
    <#
        Runs the script block and returns the ErrorRecord it throws, or $null. With -ErrorAction Stop on a cmdlet, the
        record is the cmdlet's own, so FullyQualifiedErrorId, CategoryInfo and TargetObject can be checked.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock)
    try {
        & $ScriptBlock | Out-Null
    }
    catch {
        return $_
    }
    return $null
}

function Set-EcsNicVpcLifecycle {
    <# Sets the emulator's VPC lifecycle: vpc_creating_ms, subnet_unknown_ms, port_build_ms, vpc_quota, subnet_quota, port_quota. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Emulator,
        [Parameter(Mandatory = $true)] [hashtable] $Settings
    )
    Invoke-EcsNicEmulatorControl -Emulator $Emulator -Method Put -Path 'vpc' -Body $Settings
}

function Start-EcsNicTestServer {
    <# Launches a server in a subnet's VPC through the emulator's control API (standing in for ECS CreateServers). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Emulator,
        [Parameter(Mandatory = $true)] [string] $SubnetId,
        [string] $Name = 'ecs-launched'
    )
    Invoke-EcsNicEmulatorControl -Emulator $Emulator -Method Post -Path 'servers' -Body @{ subnet_id = $SubnetId; name = $Name }
}

function Get-EcsNicRequestCount {
    <# How many requests the emulator counted for one operation since the last reset (0 when none). #>
    [CmdletBinding()]
    [OutputType([long])]
    param(
        [Parameter(Mandatory = $true)] [object] $Emulator,
        [Parameter(Mandatory = $true)] [string] $Operation
    )
    $requests = (Invoke-EcsNicEmulatorControl -Emulator $Emulator -Path 'counters').requests
    $property = $requests.PSObject.Properties[$Operation]
    if ($null -eq $property) { return [long]0 }
    return [long]$property.Value
}

Export-ModuleMember -Function @(
    'Get-EcsNicModuleManifest'
    'Set-EcsNicHermeticEnvironment'
    'Start-EcsNicEmulator'
    'Stop-EcsNicEmulator'
    'Invoke-EcsNicEmulatorControl'
    'Reset-EcsNicEmulator'
    'Get-EcsNicEmulatorPort'
    'New-EcsNicKooCliConfig'
    'Get-EcsNicThrownError'
    'Set-EcsNicVpcLifecycle'
    'Start-EcsNicTestServer'
    'Get-EcsNicRequestCount'
)
