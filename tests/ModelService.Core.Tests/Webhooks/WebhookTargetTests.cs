using ModelService.Core.Errors;

namespace ModelService.Core.Tests.Webhooks;

public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("http://example.com/hook", "https")]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "cloud instance metadata")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/hook", "embeds 169.254.169.254")]
    [InlineData("https://[::ffff:192.168.0.1]/hook", "embeds 192.168.0.1")]
    [InlineData("https://168.63.129.16/hook", "Azure platform")]
    [InlineData("https://198.18.0.1/hook", "benchmarking")]
    [InlineData("https://user:pass@example.com/hook", "credentials")]
    [InlineData("not a url", "absolute")]
    public async Task Bad_webhook_targets_are_refused_with_a_reason(string url, string fragment)
    {
        using var services = new WebhookServices(allowPrivate: false);

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => services.Targets.ValidateAsync(url, CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("internal.example", "10.0.0.5", "10.0.0.5")]
    [InlineData("metadata.example", "169.254.169.254", "cloud instance metadata")]
    [InlineData("mixed.example", "8.8.8.8,fd00::1", "unique local")]
    [InlineData("nat64.example", "64:ff9b::7f00:1", "embeds 127.0.0.1")]
    public async Task A_host_name_is_resolved_at_submission_and_refused_when_any_address_is_not_public(string host, string addresses, string fragment)
    {
        using var services = new WebhookServices(allowPrivate: false);
        services.Hosts.Set(host, addresses.Split(','));

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => services.Targets.ValidateAsync($"https://{host}/hook", CancellationToken.None));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_refused()
    {
        using var services = new WebhookServices(allowPrivate: false);

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => services.Targets.ValidateAsync("https://nowhere.example/hook", CancellationToken.None));

        Assert.Contains("does not resolve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_host_is_accepted_and_local_development_may_allow_private_and_http_targets()
    {
        using var strict = new WebhookServices(allowPrivate: false);
        strict.Hosts.Set("hooks.example", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
        using var local = new WebhookServices(allowPrivate: true);

        Assert.Equal("https://hooks.example/hook", (await strict.Targets.ValidateAsync("https://hooks.example/hook", CancellationToken.None)).ToString());
        Assert.Equal("http://127.0.0.1:8080/hook", (await local.Targets.ValidateAsync("http://127.0.0.1:8080/hook", CancellationToken.None)).ToString());
    }
}
