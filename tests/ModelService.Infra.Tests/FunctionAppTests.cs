using System.Text.Json.Nodes;

namespace ModelService.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class FunctionAppTests(CompiledInfra infra)
{
    private ArmResource Site => infra.Single(ResourceTypes.Site);

    private Dictionary<string, string?> AppSettings =>
        Site.Resolve("properties", "siteConfig", "appSettings")!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : s!["value"]?.ToJsonString());

    [Fact]
    public void Function_app_plan_is_Flex_Consumption()
    {
        var plan = infra.Single(ResourceTypes.Plan);

        Assert.Equal("FlexConsumption", plan.Resolve("sku", "tier")!.GetValue<string>());
        Assert.Equal("FC1", plan.Resolve("sku", "name")!.GetValue<string>());
        Assert.True(plan.Resolve("properties", "reserved")!.GetValue<bool>(), "Flex Consumption plans are Linux (reserved: true).");
    }

    [Fact]
    public void Function_app_is_a_linux_function_app_on_that_plan()
    {
        Assert.Equal("functionapp,linux", Site.Node["kind"]!.GetValue<string>());
        Assert.Contains("serverfarms", Site.Node["properties"]!["serverFarmId"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Function_app_runs_the_dotnet_isolated_worker()
    {
        var runtime = Site.Resolve("properties", "functionAppConfig", "runtime")!;

        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
    }

    [Fact]
    public void Function_app_instance_memory_and_always_ready_instances_are_parameters()
    {
        var scale = Site.Node["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;

        Assert.Equal("[parameters('instanceMemoryMB')]", scale["instanceMemoryMB"]!.GetValue<string>());
        Assert.Contains("parameters('alwaysReadyInstances')", scale["alwaysReady"]!.GetValue<string>(), StringComparison.Ordinal);

        var module = infra.Main.Child("function-app");
        Assert.Equal("[parameters('functionInstanceMemoryMB')]", module.Parent!.Template["resources"]!.AsArray()
            .Single(r => r!["name"]?.GetValue<string>() == "function-app")!["properties"]!["parameters"]!["instanceMemoryMB"]!["value"]!.GetValue<string>());
        Assert.Equal(2048, module.Parameter("instanceMemoryMB")!.GetValue<int>());
        Assert.Equal(0, module.Parameter("alwaysReadyInstances")!.GetValue<int>());
    }

    [Fact]
    public void Function_app_runs_as_a_user_assigned_identity()
    {
        var identity = Site.Node["identity"]!;

        Assert.Equal("UserAssigned", identity["type"]!.GetValue<string>());
        var assigned = Assert.Single(identity["userAssignedIdentities"]!.AsObject());
        Assert.NotNull(RoleGrant.IdentityName(assigned.Key, Site.Deployment));
    }

    [Fact]
    public void Function_app_has_no_AzureWebJobsStorage_connection_string()
    {
        Assert.DoesNotContain(AppSettings.Keys, name => name.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(AppSettings.Keys, name => name.Equals("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Function_app_host_storage_is_identity_based()
    {
        var settings = AppSettings;

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        AssertIsClientIdOfTheFunctionIdentity(settings["AzureWebJobsStorage__clientId"]);
        Assert.Contains("primaryEndpoints.blob", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
    }

    [Fact]
    public void Function_app_service_storage_settings_name_endpoints_and_the_identity()
    {
        var settings = AppSettings;

        Assert.Contains("primaryEndpoints.blob", settings["ModelService__Storage__BlobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", settings["ModelService__Storage__QueueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", settings["ModelService__Storage__TableServiceUri"], StringComparison.Ordinal);
        AssertIsClientIdOfTheFunctionIdentity(settings["ModelService__Storage__ManagedIdentityClientId"]);
        AssertIsClientIdOfTheFunctionIdentity(settings["AZURE_CLIENT_ID"]);
        Assert.DoesNotContain(settings.Keys, name => name.Equals("ModelService__Storage__ConnectionString", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Function_app_settings_hold_no_keys()
    {
        foreach (var (name, value) in AppSettings)
        {
            Assert.True(Secrets.LooksClean(value), $"App setting {name} looks like it carries a secret: {value}");
        }
    }

    [Fact]
    public void Function_app_sends_telemetry_with_entra_id()
    {
        Assert.Equal(
            "[format('ClientId={0};Authorization=AAD', reference('identity').clientId)]",
            AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.DoesNotContain(AppSettings.Keys, name => name.Equals("APPINSIGHTS_INSTRUMENTATIONKEY", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Function_app_deploys_from_blob_storage_with_its_identity()
    {
        var storage = Site.Node["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", storage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal(FunctionIdentityName, RoleGrant.IdentityName(storage["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>(), Site.Deployment));
        Assert.Null(storage["authentication"]!["storageAccountConnectionStringName"]);
    }

    [Fact]
    public void Function_app_accepts_https_only_with_TLS_1_2()
    {
        Assert.True(Site.Resolve("properties", "httpsOnly")!.GetValue<bool>());
        Assert.Equal("1.2", Site.Resolve("properties", "siteConfig", "minTlsVersion")!.GetValue<string>());
    }

    [Fact]
    public void Function_app_disables_basic_auth_publishing()
    {
        var policies = infra.Resources(ResourceTypes.PublishingCredentials).ToList();

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Resolve("properties", "allow")!.GetValue<bool>()));
    }

    [Fact]
    public void Function_app_is_tagged_as_the_azd_api_service()
    {
        Assert.Contains("'azd-service-name', 'api'", Site.Node["tags"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private string FunctionIdentityName => Identities.FunctionIdentityName(infra);

    private void AssertIsClientIdOfTheFunctionIdentity(string? value) =>
        Assert.Equal(FunctionIdentityName, Identities.ClientIdSource(value, Site.Deployment));
}
