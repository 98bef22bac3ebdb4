#Requires -Version 7.2
<#
    The common start of a Pester test file, dot-sourced in its BeforeAll so that what it defines is visible to the
    file's tests: imports the test helpers and the staged module, closes the credential chain, starts an emulator on a
    free loopback port, and names the splat and the seeded resources most tests use. AfterAll stops the emulator.
#>

Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
Import-Module -Name (Get-EcsNicModuleManifest) -Force
Set-EcsNicHermeticEnvironment
$emulator = Start-EcsNicEmulator
$connection = @{ Region = $emulator.Region; Endpoint = $emulator.Endpoint; IamEndpoint = $emulator.IamEndpoint; Credential = $emulator.Credential }
# Well-formed (so the module sends it) but unknown to the emulator.
$unknownId = '00000000-0000-4000-8000-000000000001'
$demoVpc = $emulator.Account.vpcs[0]
$servers = $emulator.Account.servers
$server1 = $emulator.Account.servers[0]
$subnetA = $emulator.Account.subnets[0]
$subnetB = $emulator.Account.subnets[1]

# The NIC of each server in subnet demo-a (192.168.0.0/24); the server in the other VPC has none there.
function Get-DemoNic {
    foreach ($server in $servers) {
        Get-EcsServerNic -ServerId $server.id @connection | Where-Object SubnetId -EQ $subnetA.id
    }
}
