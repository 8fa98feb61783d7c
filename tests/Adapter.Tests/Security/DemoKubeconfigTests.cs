using Headroom.Adapter.Demo;

namespace Headroom.Adapter.Tests.Security;

/// <summary>Attacks on the demo's kubeconfig, which holds a system:masters key: another local user must never read or redirect it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DemoKubeconfigTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("headroom-private-file-").FullName;

    [Fact]
    public void The_file_is_created_owner_only_in_an_owner_only_directory()
    {
        var path = Path.Combine(_root, "fresh", "kubeconfig");

        Assert.Null(PrivateFile.PrepareDirectory(path));
        PrivateFile.Write(path, "secret");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal("secret", File.ReadAllText(path));
    }

    [Fact]
    public void A_planted_symlink_is_replaced_not_followed()
    {
        var victim = Path.Combine(_root, "victim");
        File.WriteAllText(victim, "untouched");
        var path = Path.Combine(_root, "kubeconfig");
        File.CreateSymbolicLink(path, victim);

        PrivateFile.Write(path, "secret");

        Assert.Equal("untouched", File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_directory_others_can_write_is_refused_and_a_sticky_one_is_not()
    {
        var shared = Directory.CreateDirectory(Path.Combine(_root, "shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111);
        var sticky = Directory.CreateDirectory(Path.Combine(_root, "sticky")).FullName;
        File.SetUnixFileMode(sticky, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);

        Assert.Contains("writable by other users", PrivateFile.PrepareDirectory(Path.Combine(shared, "kubeconfig")));
        Assert.Null(PrivateFile.PrepareDirectory(Path.Combine(sticky, "kubeconfig")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
