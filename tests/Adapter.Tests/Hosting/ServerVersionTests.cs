using Headroom.Adapter.Hosting;

namespace Headroom.Adapter.Tests.Hosting;

public sealed class ServerVersionTests
{
    [Fact]
    public void Headroom_version_and_commit_go_into_build_metadata_and_git_commit()
    {
        var version = ServerVersion.From("1.0.0+0123456789abcdef0123456789abcdef01234567", 1_764_806_400);

        Assert.Equal("1", version.Major);
        Assert.Equal("32", version.Minor);
        Assert.Equal("v1.32.0+headroom.1.0.0", version.GitVersion);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", version.GitCommit);
        Assert.Equal("2025-12-04T00:00:00Z", version.BuildDate);
    }

    [Fact]
    public void Characters_that_semver_build_metadata_refuses_are_replaced()
    {
        var version = ServerVersion.From("2.1.0-rc_1", null);

        Assert.Equal("v1.32.0+headroom.2.1.0-rc-1", version.GitVersion);
        Assert.Equal("", version.GitCommit);
        Assert.Equal(ServerVersion.UnknownBuildDate, version.BuildDate);
    }

    [Fact]
    public void This_build_carries_its_commit_time()
    {
        Assert.NotEqual(ServerVersion.UnknownBuildDate, ServerVersion.Current.BuildDate);
    }
}
