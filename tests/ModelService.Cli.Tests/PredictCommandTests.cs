using ModelService.Cli.Infrastructure;

namespace ModelService.Cli.Tests;

public sealed class PredictCommandTests : IDisposable
{
    private const string Response = """{"model_name":"iris","model_version":"2","outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[0.5]}]}""";
    private readonly string _requestFile = Path.GetTempFileName();

    public PredictCommandTests()
    {
        File.WriteAllText(_requestFile, """{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1]}]}""");
    }

    [Theory]
    [InlineData("iris", "/v2/models/iris/infer")]
    [InlineData("iris:2", "/v2/models/iris/versions/2/infer")]
    [InlineData("iris@prod", "/v2/models/iris/versions/prod/infer")]
    public async Task Predict_posts_the_request_file_to_the_v2_path_and_prints_the_answer(string model, string path)
    {
        using var server = new CannedHttpServer(200, Response);

        var run = await CliRun.ExecuteAsync("predict", model, "--input", _requestFile, "--endpoint", server.Endpoint, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(path, server.ReceivedPath);
        Assert.Equal(File.ReadAllText(_requestFile), server.ReceivedBody);
        Assert.Equal(0.5f, run.Json.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle());
    }

    [Theory]
    [InlineData(400, ExitCodes.BadInput)]
    [InlineData(413, ExitCodes.BadInput)]
    [InlineData(404, ExitCodes.NotFound)]
    [InlineData(503, ExitCodes.Unavailable)]
    public async Task A_v2_error_prints_the_servers_message_and_exits_with_its_code(int status, int exitCode)
    {
        using var server = new CannedHttpServer(status, """{"error":"Input 'x' has shape [1] but the model expects [-1,4]."}""");

        var run = await CliRun.ExecuteAsync("predict", "iris", "--input", _requestFile, "--endpoint", server.Endpoint);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains("Input 'x' has shape [1]", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_is_down_exits_5_naming_the_endpoint()
    {
        var endpoint = $"http://127.0.0.1:{CannedHttpServer.FreePort()}";

        var run = await CliRun.ExecuteAsync("predict", "iris", "--input", _requestFile, "--endpoint", endpoint);

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Contains(endpoint, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_request_file_exits_2() =>
        Assert.Equal(ExitCodes.BadInput, (await CliRun.ExecuteAsync("predict", "iris", "--input", "/no/such/file.json")).ExitCode);

    public void Dispose() => File.Delete(_requestFile);
}
