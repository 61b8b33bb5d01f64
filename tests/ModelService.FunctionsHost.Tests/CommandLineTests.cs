using ModelService.FunctionsHost.HostConfiguration;

namespace ModelService.FunctionsHost.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Reads_worker_port_storage_and_polling_interval()
    {
        var options = CommandLine.Parse(["--worker", "bin/x", "--port", "7072", "--storage", "UseDevelopmentStorage=true", "--max-polling-interval", "00:00:02"], TextWriter.Null);

        Assert.NotNull(options);
        Assert.Equal("bin/x", options.WorkerDirectory);
        Assert.Equal(7072, options.Port);
        Assert.Equal("UseDevelopmentStorage=true", options.StorageConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxPollingInterval);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--port 7071")]
    [InlineData("--worker x --port seventy")]
    [InlineData("--worker x --unknown 1")]
    [InlineData("--worker")]
    public void Refuses_incomplete_or_unknown_options(string commandLine)
    {
        using var errors = new StringWriter();

        Assert.Null(CommandLine.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), errors));
        Assert.Contains("usage", errors.ToString(), StringComparison.Ordinal);
    }
}
