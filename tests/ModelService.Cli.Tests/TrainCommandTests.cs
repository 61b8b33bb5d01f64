using System.Text.Json;
using ModelService.Cli.Infrastructure;

namespace ModelService.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private const string Id = "0192f0c3a1b27d4e8f9a0b1c2d3e4f50";
    private const string Job = """{"id":"0192f0c3a1b27d4e8f9a0b1c2d3e4f50","status":"queued","recipe":"tabular-classifier","dataset":"iris","label":"species","outputModel":"iris-trained","attempts":0}""";
    private const string Done = """{"id":"0192f0c3a1b27d4e8f9a0b1c2d3e4f50","status":"succeeded","recipe":"tabular-classifier","dataset":"iris","label":"species","outputModel":"iris-trained","attempts":1,"resultVersion":1,"metrics":{"validation_accuracy":0.97}}""";
    private const string Events = """{"events":[{"sequence":1,"kind":"started","message":"attempt 1 of 3"},{"sequence":2,"kind":"epoch","epoch":1,"epochs":2,"trainLoss":0.9,"validationLoss":0.8,"metricName":"accuracy","metricValue":0.7}]}""";
    private readonly string _csv = Path.GetTempFileName();

    public TrainCommandTests()
    {
        File.WriteAllText(_csv, "a,b,species\n1,2,x\n");
    }

    [Fact]
    public async Task Submit_posts_the_job_with_hyperparameters_and_the_api_key_as_bearer()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)> { ["POST /api/training-jobs"] = (202, Job) });
        Environment.SetEnvironmentVariable(CliSettings.ApiKeyVariable, "msk_test_secret");
        try
        {
            var run = await CliRun.ExecuteAsync("train", "submit", "--recipe", "tabular-classifier", "--dataset", "iris", "--label", "species",
                "--output-model", "iris-trained", "--set", "epochs=30", "--set", "hidden=16,8", "--endpoint", server.Endpoint, "--json");

            Assert.Equal(ExitCodes.Success, run.ExitCode);
            Assert.Equal(Id, run.Json.GetProperty("id").GetString());
            var (_, authorization, body) = Assert.Single(server.Received);
            Assert.Equal("Bearer msk_test_secret", authorization);
            var sent = JsonDocument.Parse(body).RootElement;
            Assert.Equal("iris-trained", sent.GetProperty("outputModel").GetString());
            Assert.Equal("16,8", sent.GetProperty("hyperparameters").GetProperty("hidden").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(CliSettings.ApiKeyVariable, null);
        }
    }

    [Fact]
    public async Task Submit_sends_the_sensitive_columns_and_the_parity_gate()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)> { ["POST /api/training-jobs"] = (202, Job) });

        var run = await CliRun.ExecuteAsync("train", "submit", "--recipe", "tabular-classifier", "--dataset", "loans", "--label", "approved",
            "--output-model", "loans-mlp", "--sensitive-column", "group", "--sensitive-column", "region", "--max-parity-gap", "0.1", "--endpoint", server.Endpoint, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var sent = JsonDocument.Parse(Assert.Single(server.Received).Body).RootElement;
        Assert.Equal(["group", "region"], sent.GetProperty("sensitiveColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0.1, sent.GetProperty("maxParityGap").GetDouble());
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("useSensitiveAsFeatures").ValueKind);
    }

    [Fact]
    public async Task A_set_without_equals_is_bad_input() =>
        Assert.Equal(ExitCodes.BadInput, (await CliRun.ExecuteAsync("train", "submit", "--recipe", "r", "--dataset", "d", "--label", "l", "--output-model", "m", "--set", "epochs")).ExitCode);

    [Fact]
    public async Task Status_events_and_cancel_call_their_routes()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)>
        {
            [$"GET /api/training-jobs/{Id}"] = (200, Done),
            [$"GET /api/training-jobs/{Id}/events"] = (200, Events),
            [$"POST /api/training-jobs/{Id}/cancel"] = (200, Done),
        });

        var status = await CliRun.ExecuteAsync("train", "status", Id, "--endpoint", server.Endpoint);
        var events = await CliRun.ExecuteAsync("train", "events", Id, "--endpoint", server.Endpoint);
        var cancel = await CliRun.ExecuteAsync("train", "cancel", Id, "--endpoint", server.Endpoint, "--json");

        Assert.Contains("succeeded", status.Output, StringComparison.Ordinal);
        Assert.Contains("validation_accuracy=0.97", status.Output, StringComparison.Ordinal);
        Assert.Contains("epoch 1/2  loss 0.9  val_loss 0.8  accuracy 0.7", events.Output, StringComparison.Ordinal);
        Assert.Equal("succeeded", cancel.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Watch_prints_events_and_ends_with_the_job()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)>
        {
            [$"GET /api/training-jobs/{Id}"] = (200, Done),
            [$"GET /api/training-jobs/{Id}/events"] = (200, Events),
        });

        var run = await CliRun.ExecuteAsync("train", "watch", Id, "--interval", "0.1", "--endpoint", server.Endpoint);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("started: attempt 1 of 3", run.Output, StringComparison.Ordinal);
        Assert.Contains("iris-trained:1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_of_a_failed_job_exits_1_with_its_reason()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)>
        {
            [$"GET /api/training-jobs/{Id}"] = (200, """{"id":"x","status":"failed","reason":"Line 3: column 'b' is not a finite number."}"""),
            [$"GET /api/training-jobs/{Id}/events"] = (200, """{"events":[]}"""),
        });

        var run = await CliRun.ExecuteAsync("train", "watch", Id, "--endpoint", server.Endpoint);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("Line 3: column 'b'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_job_exits_3()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)>());

        Assert.Equal(ExitCodes.NotFound, (await CliRun.ExecuteAsync("train", "status", Id, "--endpoint", server.Endpoint)).ExitCode);
    }

    [Fact]
    public async Task Datasets_upload_posts_the_csv_under_its_name()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)> { ["POST /api/datasets/iris"] = (201, """{"name":"iris","sizeBytes":18,"sha256":"ab"}""") });

        var run = await CliRun.ExecuteAsync("datasets", "upload", _csv, "--name", "iris", "--endpoint", server.Endpoint);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("a,b,species\n1,2,x\n", Assert.Single(server.Received).Body);
        Assert.Contains("Uploaded dataset iris (18 bytes", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_csv);
}
