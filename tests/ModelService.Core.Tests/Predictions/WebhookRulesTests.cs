using System.Net;
using ModelService.Core.Errors;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Tests.Predictions;

public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    public void Only_public_addresses_may_receive_webhooks(string address, bool allowed) =>
        Assert.Equal(allowed, WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://example.com/hook", "https")]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://localhost/hook", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://user:pass@example.com/hook", "credentials")]
    [InlineData("not a url", "absolute")]
    public void Bad_webhook_targets_are_refused_with_a_reason(string url, string fragment)
    {
        var error = Assert.Throws<ModelServiceException>(() => WebhookTargets.Validate(url, allowPrivate: false));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_development_may_allow_private_and_http_targets()
    {
        Assert.Equal("https://example.com/hook", WebhookTargets.Validate("https://example.com/hook", allowPrivate: false).ToString());
        Assert.Equal("http://127.0.0.1:8080/hook", WebhookTargets.Validate("http://127.0.0.1:8080/hook", allowPrivate: true).ToString());
    }

    [Fact]
    public void A_signature_verifies_and_a_changed_body_or_secret_does_not()
    {
        var secret = WebhookSignature.NewSecret();
        var signature = WebhookSignature.Sign(secret, "msg-1", 1_764_000_000, """{"status":"succeeded"}""");

        Assert.StartsWith("v1,", signature, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(secret, "msg-1", 1_764_000_000, """{"status":"succeeded"}""", signature));
        Assert.False(WebhookSignature.Verify(secret, "msg-1", 1_764_000_000, """{"status":"failed"}""", signature));
        Assert.False(WebhookSignature.Verify(WebhookSignature.NewSecret(), "msg-1", 1_764_000_000, """{"status":"succeeded"}""", signature));
    }

    [Fact]
    public void The_signature_matches_the_standard_webhooks_reference_example()
    {
        // The example in the Standard Webhooks specification (standardwebhooks.com).
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string body = """{"test": 2432232314}""";

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
    }
}
