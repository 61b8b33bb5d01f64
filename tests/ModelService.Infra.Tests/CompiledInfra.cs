using System.Text.Json.Nodes;

namespace ModelService.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once per test run (<c>bicep build</c>) together with infra/main.bicepparam
/// (<c>bicep build-params</c>), and the resources of every module in one list.
/// </summary>
public sealed class CompiledInfra
{
    public const string MainBicep = "infra/main.bicep";
    public const string MainParameters = "infra/main.bicepparam";

    private readonly Lazy<BicepResult> _build = new(() => BicepCli.Run("build", MainBicep, "--stdout"));
    private readonly Lazy<BicepResult> _buildParams = new(() => BicepCli.Run("build-params", MainParameters, "--stdout"));
    private readonly Lazy<ArmDeployment> _main;

    public CompiledInfra()
    {
        _main = new Lazy<ArmDeployment>(() =>
        {
            if (Build.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build {MainBicep} failed:\n{Build}");
            }

            if (BuildParams.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build-params {MainParameters} failed:\n{BuildParams}");
            }

            return ArmDeployment.ForMainTemplate(TemplateJson, ParametersJson);
        });
    }

    public BicepResult Build => _build.Value;

    public BicepResult BuildParams => _buildParams.Value;

    public JsonObject TemplateJson => JsonNode.Parse(Build.StandardOutput)!.AsObject();

    /// <summary>The deploymentParameters document main.bicepparam compiles to.</summary>
    public JsonObject ParametersJson =>
        JsonNode.Parse(JsonNode.Parse(BuildParams.StandardOutput)!["parametersJson"]!.GetValue<string>())!.AsObject();

    public ArmDeployment Main => _main.Value;

    public IEnumerable<ArmResource> Resources(string type) =>
        Main.AllResources().Where(r => r.Type.Equals(type, StringComparison.OrdinalIgnoreCase) && !r.Existing);

    public ArmResource Single(string type)
    {
        var matches = Resources(type).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    public IEnumerable<ArmResource> RoleAssignments => Resources(ResourceTypes.RoleAssignment);
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<CompiledInfra>
{
    public const string Name = "Compiled infra";
}

public static class ResourceTypes
{
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobService = "Microsoft.Storage/storageAccounts/blobServices";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Queue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string ManagementPolicy = "Microsoft.Storage/storageAccounts/managementPolicies";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string Site = "Microsoft.Web/sites";
    public const string PublishingCredentials = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string LogAnalytics = "Microsoft.OperationalInsights/workspaces";
    public const string Registry = "Microsoft.ContainerRegistry/registries";
    public const string ManagedEnvironment = "Microsoft.App/managedEnvironments";
    public const string Job = "Microsoft.App/jobs";
}

/// <summary>Built-in Azure role definition ids the deployment grants (learn.microsoft.com built-in roles).</summary>
public static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [StorageBlobDataOwner] = "Storage Blob Data Owner",
        [StorageBlobDataContributor] = "Storage Blob Data Contributor",
        [StorageBlobDataReader] = "Storage Blob Data Reader",
        [StorageQueueDataContributor] = "Storage Queue Data Contributor",
        [StorageQueueDataMessageSender] = "Storage Queue Data Message Sender",
        [StorageTableDataContributor] = "Storage Table Data Contributor",
        [AcrPull] = "AcrPull",
        [MonitoringMetricsPublisher] = "Monitoring Metrics Publisher",
    };
}
