using System.Net;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Tests.Webhooks;

public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("198.20.0.1")]
    [InlineData("192.0.3.1")]
    [InlineData("168.63.129.17")]
    [InlineData("223.255.255.254")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:82a::200e")]
    [InlineData("2001:200::1")]
    public void Public_addresses_may_receive_webhooks(string address) =>
        Assert.Null(WebhookAddresses.WhyNotPublic(IPAddress.Parse(address)));

    /// <summary>One address in each block of the IANA IPv4 special-purpose registry, multicast and the platform addresses.</summary>
    [Theory]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("0.1.2.3", "this network")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.0.0.8", "IETF protocol assignments")]
    [InlineData("192.0.0.170", "IETF protocol assignments")]
    [InlineData("192.0.2.1", "TEST-NET-1")]
    [InlineData("192.31.196.1", "AS112")]
    [InlineData("192.52.193.1", "AMT")]
    [InlineData("192.88.99.1", "6to4 relay")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("192.175.48.1", "AS112 direct delegation")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("198.19.255.254", "benchmarking")]
    [InlineData("198.51.100.1", "TEST-NET-2")]
    [InlineData("203.0.113.1", "TEST-NET-3")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.254", "reserved")]
    [InlineData("255.255.255.255", "limited broadcast")]
    [InlineData("169.254.169.254", "cloud instance metadata")]
    [InlineData("168.63.129.16", "Azure platform")]
    public void Every_special_purpose_IPv4_block_is_refused(string address, string block) =>
        Assert.Contains(block, Block(address), StringComparison.Ordinal);

    /// <summary>One address in each block of the IANA IPv6 special-purpose registry, plus site-local and multicast.</summary>
    [Theory]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:8.8.8.8", "IPv4-mapped")]
    [InlineData("::8.8.8.8", "IPv4-compatible")]
    [InlineData("64:ff9b::808:808", "NAT64 well-known prefix")]
    [InlineData("64:ff9b:1::1", "NAT64 local use")]
    [InlineData("100::1", "discard-only")]
    [InlineData("100:0:0:1::1", "dummy prefix")]
    [InlineData("2001:1::1", "IETF protocol assignments")]
    [InlineData("2001:2::1", "IETF protocol assignments")]
    [InlineData("2001:10::1", "IETF protocol assignments")]
    [InlineData("2001:1ff::1", "IETF protocol assignments")]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7", "Teredo")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("2002:808:808::1", "6to4")]
    [InlineData("2620:4f:8000::1", "AS112 direct delegation")]
    [InlineData("3fff::1", "documentation")]
    [InlineData("5f00::1", "SRv6")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fdff:ffff::1", "unique local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf::1", "link-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("fd00:ec2::254", "AWS instance metadata")]
    public void Every_special_purpose_IPv6_block_is_refused(string address, string block) =>
        Assert.Contains(block, Block(address), StringComparison.Ordinal);

    /// <summary>Each way IPv6 carries an IPv4 address is read, and the IPv4 address is judged as itself.</summary>
    [Theory]
    [InlineData("::ffff:10.0.0.1", "embeds 10.0.0.1: private")]
    [InlineData("::ffff:169.254.169.254", "embeds 169.254.169.254: cloud instance metadata")]
    [InlineData("::127.0.0.1", "embeds 127.0.0.1: loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "embeds 169.254.169.254: cloud instance metadata")]
    [InlineData("64:ff9b::a83f:8110", "embeds 168.63.129.16: Azure platform (WireServer)")]
    [InlineData("2002:a00:1::1", "embeds 10.0.0.1: private")]
    [InlineData("2002:c612:1::1", "embeds 198.18.0.1: benchmarking")]
    [InlineData("2001:0:7f00:1::808:808", "embeds 127.0.0.1: loopback")]
    [InlineData("2001:0:808:808::f5ff:fffe", "embeds 10.0.0.1: private")]
    public void An_IPv4_address_inside_an_IPv6_form_is_checked_as_itself(string address, string reason) =>
        Assert.Equal(reason, WebhookAddresses.WhyNotPublic(IPAddress.Parse(address)));

    [Fact]
    public void A_scoped_link_local_address_is_refused_like_an_unscoped_one() =>
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse("fe80::1%2")));

    private static string Block(string address) => WebhookAddresses.WhyNotPublic(IPAddress.Parse(address)) ?? "public";
}
