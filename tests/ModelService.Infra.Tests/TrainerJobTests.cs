using System.Text.Json.Nodes;

namespace ModelService.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class TrainerJobTests(CompiledInfra infra)
{
    private ArmResource Job => infra.Single(ResourceTypes.Job);

    private ArmResource Environment => infra.Single(ResourceTypes.ManagedEnvironment);

    private JsonNode QueueRule => Assert.Single(Job.Resolve("properties", "configuration", "eventTriggerConfig", "scale", "rules")!.AsArray())!;

    [Fact]
    public void Container_apps_environment_has_a_GPU_workload_profile()
    {
        var profiles = Environment.Resolve("properties", "workloadProfiles")!.AsArray();

        Assert.Contains(profiles, p => p!["workloadProfileType"]!.GetValue<string>().StartsWith("Consumption-GPU-", StringComparison.Ordinal));
        Assert.Contains(profiles, p => p!["workloadProfileType"]!.GetValue<string>() == "Consumption");
    }

    [Fact]
    public void GPU_profile_parameter_allows_only_GPU_profiles()
    {
        var allowed = infra.Main.Template["parameters"]!["gpuProfileType"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

        Assert.NotEmpty(allowed);
        Assert.All(allowed, v => Assert.StartsWith("Consumption-GPU-", v, StringComparison.Ordinal));
    }

    [Fact]
    public void Trainer_job_runs_on_the_GPU_workload_profile()
    {
        var profileName = Job.Resolve("properties", "workloadProfileName")!.GetValue<string>();
        var profile = Environment.Resolve("properties", "workloadProfiles")!.AsArray().Single(p => p!["name"]!.GetValue<string>() == profileName)!;

        Assert.StartsWith("Consumption-GPU-", profile["workloadProfileType"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trainer_job_is_triggered_by_events()
    {
        Assert.Equal("Event", Job.Resolve("properties", "configuration", "triggerType")!.GetValue<string>());
        Assert.Equal(0, Job.Resolve("properties", "configuration", "eventTriggerConfig", "scale", "minExecutions")!.GetValue<int>());
    }

    [Fact]
    public void Trainer_job_scales_on_the_training_jobs_queue()
    {
        var rule = QueueRule;

        Assert.Equal("azure-queue", rule["type"]!.GetValue<string>());
        Assert.Equal("training-jobs", rule["metadata"]!["queueName"]!.GetValue<string>());
        Assert.Equal(infra.Single(ResourceTypes.StorageAccount).ResolvedName, rule["metadata"]!["accountName"]!.GetValue<string>());
    }

    [Fact]
    public void Trainer_queue_scaler_authenticates_with_the_trainer_identity()
    {
        var rule = Job.Node["properties"]!["configuration"]!["eventTriggerConfig"]!["scale"]!["rules"]![0]!;

        Assert.Equal(Identities.TrainerIdentityName(infra), RoleGrant.IdentityName(rule["identity"]!.GetValue<string>(), Job.Deployment));
        Assert.Null(rule["auth"]);
        Assert.Null(rule["metadata"]!["connectionFromEnv"]);
        Assert.Null(Job.Node["properties"]!["configuration"]!["secrets"]);
    }

    [Fact]
    public void Trainer_job_pulls_its_image_with_its_identity()
    {
        var registry = Assert.Single(Job.Node["properties"]!["configuration"]!["registries"]!.AsArray())!;

        Assert.Equal(Identities.TrainerIdentityName(infra), RoleGrant.IdentityName(registry["identity"]!.GetValue<string>(), Job.Deployment));
        Assert.Null(registry["passwordSecretRef"]);
        Assert.Null(registry["username"]);
    }

    [Fact]
    public void Trainer_job_gets_storage_endpoints_and_its_client_id()
    {
        var container = Assert.Single(Job.Node["properties"]!["template"]!["containers"]!.AsArray())!;
        var env = container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());

        Assert.Contains("primaryEndpoints.blob", env["ModelService__Storage__BlobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", env["ModelService__Storage__QueueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", env["ModelService__Storage__TableServiceUri"], StringComparison.Ordinal);
        Assert.Equal(Identities.TrainerIdentityName(infra), Identities.ClientIdSource(env["ModelService__Storage__ManagedIdentityClientId"], Job.Deployment));
        Assert.Equal(Identities.TrainerIdentityName(infra), Identities.ClientIdSource(env["AZURE_CLIENT_ID"], Job.Deployment));
    }

    [Fact]
    public void Trainer_job_carries_the_training_price_from_a_parameter()
    {
        var container = Assert.Single(Job.Node["properties"]!["template"]!["containers"]!.AsArray())!;
        var env = container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());

        Assert.Contains("parameters('trainingPerSecondMicros')", env["ModelService__Billing__TrainingPerSecondMicros"], StringComparison.Ordinal);
        Assert.True(infra.Main.Template["parameters"]!.AsObject().ContainsKey("trainingPerSecondMicros"));
    }

    [Fact]
    public void Trainer_image_is_a_parameter_with_a_placeholder_until_the_first_push()
    {
        Assert.True(infra.Main.Template["parameters"]!.AsObject().ContainsKey("trainerImage"));
        var image = Job.Node["properties"]!["template"]!["containers"]![0]!["image"]!.GetValue<string>();
        Assert.Contains("parameters('image')", image, StringComparison.Ordinal);
    }

    [Fact]
    public void Trainer_job_is_tagged_as_the_azd_trainer_service()
    {
        Assert.Contains("'azd-service-name', 'trainer'", Job.Node["tags"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
