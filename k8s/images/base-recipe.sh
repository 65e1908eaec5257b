# The Debian-built base images (sourced by build.sh): the mmdebstrap arguments every base shares and, per base, its
# packages and extra arguments. A base's tag is a hash of its arguments, so an unchanged recipe is never rebuilt.
# Suite and mirror: the machine's (bookworm); override with DEBIAN_SUITE / DEBIAN_MIRROR.

DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Smallest reasonable root file system: the "essential" variant (no apt, no init) plus the packages asked for,
# without Recommends, documentation, man pages or locales (they are dead weight in a container). man1 must exist:
# update-alternatives links java.1.gz there and fails without the directory.
ROOTFS_ARGS=(
    --variant=essential
    --aptopt='APT::Install-Recommends "false"'
    --dpkgopt='path-exclude=/usr/share/doc/*'
    --dpkgopt='path-include=/usr/share/doc/*/copyright'
    --dpkgopt='path-exclude=/usr/share/man/*'
    --dpkgopt='path-exclude=/usr/share/info/*'
    --dpkgopt='path-exclude=/usr/share/locale/*'
    --dpkgopt='path-exclude=/usr/share/lintian/*'
    --essential-hook='mkdir -p "$1"/usr/share/man/man1'
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*'
)

# JRE base: openjdk-17-jre-headless and user 185 (the UID the manifests run as; home /tmp because the root file
# system is read-only and /tmp is the one writable place). Perl (~50 MB) is there only for usrmerge, which has done
# its work once the root file system exists; ct.sym serves javac only.
jre_packages="openjdk-17-jre-headless,ca-certificates"
JRE_ARGS=(
    --customize-hook='chroot "$1" dpkg --purge --force-depends usrmerge libfile-find-rule-perl libnumber-compare-perl libtext-glob-perl perl perl-modules-5.36 libperl5.36 >/dev/null 2>&1'
    --customize-hook='rm -f "$1"/usr/lib/jvm/java-17-openjdk-amd64/lib/ct.sym'
    --customize-hook='echo "app:x:185:185:app:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"'
    --customize-hook='echo "app:x:185:" >> "$1/etc/group"'
)

# PostgreSQL base: Debian's postgresql-15 (it carries the contrib extensions, pg_trgm among them).
postgres_packages="postgresql-15"
# The package's postinst creates a cluster "main"; the image's entrypoint makes its own in PGDATA, so that one
# goes. The data directory exists owned by postgres so that a volume mounted there starts with that owner.
# LLVM (JIT compilation of queries, ~130 MB with libz3) is a hard dependency of the package but only loaded with
# jit=on; the entrypoint runs with jit=off and the libraries go, as do the locale sources (initdb uses C.UTF-8).
POSTGRES_ARGS=(
    --customize-hook='rm -rf "$1"/usr/lib/x86_64-linux-gnu/libLLVM-* "$1"/usr/lib/x86_64-linux-gnu/libz3.so.* "$1"/usr/lib/postgresql/15/lib/llvmjit* "$1"/usr/lib/postgresql/15/lib/bitcode "$1"/usr/share/i18n'
    --customize-hook='rm -rf "$1"/var/lib/postgresql/15/main "$1"/etc/postgresql/15/main'
    --customize-hook='mkdir -p "$1"/var/lib/postgresql/data && chroot "$1" chown postgres:postgres /var/lib/postgresql/data'
)
