using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ModelService.Infra.Tests;

/// <summary>What "no secret anywhere" means for the compiled templates.</summary>
public static partial class Secrets
{
    /// <summary>False when a value calls a list* function or carries key or SAS material.</summary>
    public static bool LooksClean(string? value) =>
        value is null || !(ListCall().IsMatch(value) || KeyMaterial().IsMatch(value));

    // listKeys(), listSecrets(), listCredentials(), listAccountSas() …: every way ARM hands out a credential.
    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    public static partial Regex ListCall();

    [GeneratedRegex(@"AccountKey\s*=|SharedAccessSignature|SharedAccessKey|\bsig=|InstrumentationKey\s*=|\bsecretRef\b|\bpassword", RegexOptions.IgnoreCase)]
    public static partial Regex KeyMaterial();
}

[Collection(InfraCollection.Name)]
public sealed class SecretsTests(CompiledInfra infra)
{
    [Fact]
    public void Templates_call_no_list_functions()
    {
        var text = infra.Build.StandardOutput;

        Assert.DoesNotMatch(Secrets.ListCall(), text);
    }

    [Fact]
    public void Templates_hold_no_key_material()
    {
        Assert.DoesNotMatch(Secrets.KeyMaterial(), infra.Build.StandardOutput);
        Assert.DoesNotMatch(Secrets.KeyMaterial(), infra.BuildParams.StandardOutput);
    }

    [Fact]
    public void Outputs_carry_no_secrets()
    {
        foreach (var deployment in infra.Main.SelfAndDescendants())
        {
            foreach (var (name, output) in deployment.Template["outputs"]?.AsObject() ?? [])
            {
                var type = output!["type"]!.GetValue<string>();
                Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"Output {name} in {deployment.Name} is {type}.");
                Assert.DoesNotMatch(new Regex("key|secret|password|connectionstring|token|sas", RegexOptions.IgnoreCase), name);
                Assert.True(Secrets.LooksClean(output["value"]?.ToJsonString()), $"Output {name} in {deployment.Name}: {output["value"]}");
                Assert.DoesNotContain(".ConnectionString", output["value"]?.ToJsonString() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void Parameters_take_no_secrets()
    {
        foreach (var deployment in infra.Main.SelfAndDescendants())
        {
            foreach (var (name, parameter) in deployment.Template["parameters"]?.AsObject() ?? [])
            {
                var type = parameter!["type"]!.GetValue<string>();
                Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"Parameter {name} in {deployment.Name} is {type}: nothing here should need a secret.");
            }
        }
    }

    [Fact]
    public void Container_registry_has_no_admin_user_and_no_anonymous_pull()
    {
        var registry = infra.Single(ResourceTypes.Registry);

        Assert.False(registry.Resolve("properties", "adminUserEnabled")!.GetValue<bool>());
        Assert.False(registry.Resolve("properties", "anonymousPullEnabled")!.GetValue<bool>());
    }

    [Fact]
    public void Application_Insights_accepts_only_entra_id_authenticated_telemetry()
    {
        var component = infra.Single(ResourceTypes.ApplicationInsights);

        Assert.True(component.Resolve("properties", "DisableLocalAuth")!.GetValue<bool>());
        Assert.NotNull(component.Node["properties"]!["WorkspaceResourceId"]);
    }

    [Fact]
    public void Log_Analytics_disables_shared_key_ingestion()
    {
        var workspace = infra.Single(ResourceTypes.LogAnalytics);

        Assert.True(workspace.Resolve("properties", "features", "disableLocalAuth")!.GetValue<bool>());
    }

    [Fact]
    public void Container_apps_environment_sends_logs_without_the_workspace_key()
    {
        var environment = infra.Single(ResourceTypes.ManagedEnvironment);
        var logs = environment.Resolve("properties", "appLogsConfiguration")!;

        Assert.Equal("azure-monitor", logs["destination"]!.GetValue<string>());
        Assert.Null(logs["logAnalyticsConfiguration"]);
        Assert.Contains(infra.Main.AllResources(), r => r.Type == "Microsoft.Insights/diagnosticSettings");
    }

    [Fact]
    public void Secret_values_nowhere_in_app_settings_or_job_env()
    {
        var values = new List<JsonNode?>();
        values.AddRange(infra.Single(ResourceTypes.Site).Node["properties"]!["siteConfig"]!["appSettings"]!.AsArray().Select(s => s!["value"]));
        values.AddRange(infra.Single(ResourceTypes.Job).Node["properties"]!["template"]!["containers"]!.AsArray()
            .SelectMany(c => c!["env"]!.AsArray()).Select(e => e!["value"]));
        Assert.All(infra.Single(ResourceTypes.Job).Node["properties"]!["template"]!["containers"]!.AsArray()
            .SelectMany(c => c!["env"]!.AsArray()), e => Assert.Null(e!["secretRef"]));

        Assert.All(values, v => Assert.True(Secrets.LooksClean(v?.ToJsonString()), $"Looks like a secret: {v}"));
    }
}
