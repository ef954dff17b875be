// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the p2p_topology.pci= parameter refuses what it does not know.
 *
 * The parameter is found as the boot code finds it, by name among the
 * kernel's parameters, and fed through its kernel_param_ops: every
 * malformed value must fail and leave the mode as it was, from either
 * mode. The two documented values ("graph", "legacy", with the newline
 * sysfs writes add) are the controls that must succeed.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#define PARAM_NAME	"p2p_topology.pci"
#define PARAM_HUGE	4096

static const struct kernel_param *param_find(void)
{
	const struct kernel_param *kp;

	for (kp = __start___param; kp < __stop___param; kp++)
		if (!strcmp(kp->name, PARAM_NAME))
			return kp;
	return NULL;
}

/* The mode as the parameter reports it, "graph" or "legacy", unterminated. */
static void param_mode(struct kunit *test, const struct kernel_param *kp,
		       char *mode, size_t size)
{
	char *page = (char *)get_zeroed_page(GFP_KERNEL);
	int len;

	KUNIT_ASSERT_NOT_NULL(test, page);
	len = kp->ops->get(page, kp);
	KUNIT_EXPECT_GT(test, len, 0);
	strscpy(mode, page, size);
	free_page((unsigned long)page);
	strim(mode);
}

/**
 * struct param_case - a value fed to the parameter
 * @what: what is wrong with it
 * @val: the value; may hold NULs, of which set() sees the part before the
 *	first (the command line and sysfs cannot carry more)
 * @fill: when not 0, @val is replaced by PARAM_HUGE - 1 copies of this
 *	byte, or of @val repeated when @fill is 1
 */
struct param_case {
	const char *what;
	const char *val;
	char fill;
};

static const struct param_case param_malformed[] = {
	{ "empty", "" },
	{ "a space", " " },
	{ "a newline alone", "\n" },
	{ "two newlines", "\n\n" },
	{ "a tab", "\t" },
	{ "carriage return and newline", "\r\n" },
	{ "NUL first", "\0legacy" },
	{ "NUL inside legacy", "leg\0acy" },
	{ "NUL inside graph", "gr\0aph" },
	{ "zero", "0" },
	{ "one", "1" },
	{ "minus one", "-1" },
	{ "y", "y" },
	{ "n", "n" },
	{ "true", "true" },
	{ "false", "false" },
	{ "on", "on" },
	{ "off", "off" },
	{ "upper case", "LEGACY" },
	{ "capitalised", "Legacy" },
	{ "upper case graph", "GRAPH" },
	{ "one letter more", "legacyy" },
	{ "one letter less", "legac" },
	{ "plural", "graphs" },
	{ "leading space", " legacy" },
	{ "trailing space", "legacy " },
	{ "leading tab", "\tgraph" },
	{ "two trailing newlines", "legacy\n\n" },
	{ "carriage return", "legacy\r" },
	{ "newline first", "\nlegacy" },
	{ "both, comma", "legacy,graph" },
	{ "both, comma, other order", "graph,legacy" },
	{ "both, space", "legacy graph" },
	{ "both, newline", "legacy\ngraph" },
	{ "repeated", "legacylegacy" },
	{ "repeated with newline", "graph\ngraph" },
	{ "the whole option", "p2p_topology.pci=legacy" },
	{ "a key", "mode=legacy" },
	{ "an assignment", "legacy=1" },
	{ "unknown mode auto", "auto" },
	{ "unknown mode native", "native" },
	{ "unknown mode none", "none" },
	{ "unknown mode off", "disable" },
	{ "unknown mode default", "default" },
	{ "number past u64", "18446744073709551616" },
	{ "number past s64", "-9223372036854775809" },
	{ "twenty-six digits", "99999999999999999999999999" },
	{ "hex", "0x1" },
	{ "all-ones hex", "0xffffffffffffffff" },
	{ "float", "1e100" },
	{ "NaN", "NaN" },
	{ "non-ASCII", "l\xc3\xa9gacy" },
	{ "invalid UTF-8", "\xff\xfe" },
	{ "a format string", "%s%n%p" },
	{ "a path", "../legacy" },
	{ "huge run of one byte", NULL, 'a' },
	{ "huge run of a valid value", "legacy", 1 },
};

/* Fill @buf with the value of @c. */
static const char *param_value(const struct param_case *c, char *buf)
{
	size_t i, len;

	if (!c->fill)
		return c->val;
	if (c->fill == 1) {
		len = strlen(c->val);
		for (i = 0; i + 1 < PARAM_HUGE; i++)
			buf[i] = c->val[i % len];
	} else {
		memset(buf, c->fill, PARAM_HUGE - 1);
	}
	buf[PARAM_HUGE - 1] = '\0';
	return buf;
}

/* The parameter is registered read-only, as the project documents it. */
static void param_is_registered_read_only(struct kunit *test)
{
	const struct kernel_param *kp = param_find();

	KUNIT_ASSERT_NOT_NULL_MSG(test, kp, PARAM_NAME " is not registered");
	KUNIT_EXPECT_EQ(test, kp->perm & 0222, 0);
	KUNIT_EXPECT_NOT_NULL(test, kp->ops->set);
	KUNIT_EXPECT_NOT_NULL(test, kp->ops->get);
}

/* Set @val, which must fail, from @start; the mode must stay @start. */
static void param_refuse_from(struct kunit *test, const struct kernel_param *kp,
			      const char *start, const struct param_case *c,
			      const char *val)
{
	char mode[16];
	int ret;

	KUNIT_ASSERT_EQ(test, kp->ops->set(start, kp), 0);
	ret = kp->ops->set(val, kp);
	param_mode(test, kp, mode, sizeof(mode));
	KUNIT_EXPECT_LT_MSG(test, ret, 0, "%s accepted from %s", c->what, start);
	KUNIT_EXPECT_STREQ_MSG(test, mode, start, "%s changed the mode from %s",
			       c->what, start);
}

/* Every malformed value fails and changes nothing, whatever the mode. */
static void param_refuses_malformed_values(struct kunit *test)
{
	const struct kernel_param *kp = param_find();
	char before[16], *buf;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, kp);
	buf = kunit_kzalloc(test, PARAM_HUGE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	param_mode(test, kp, before, sizeof(before));

	for (i = 0; i < ARRAY_SIZE(param_malformed); i++) {
		const struct param_case *c = &param_malformed[i];
		const char *val = param_value(c, buf);

		param_refuse_from(test, kp, "graph", c, val);
		param_refuse_from(test, kp, "legacy", c, val);
	}
	kunit_info(test, "%zu malformed values refused from either mode",
		   ARRAY_SIZE(param_malformed));
	/* Put back the mode the machine booted with. */
	KUNIT_EXPECT_EQ(test, kp->ops->set(before, kp), 0);
}

/* The controls: the documented values switch the mode, the last one wins. */
static void param_accepts_documented_values(struct kunit *test)
{
	const struct kernel_param *kp = param_find();
	char before[16], mode[16];

	KUNIT_ASSERT_NOT_NULL(test, kp);
	param_mode(test, kp, before, sizeof(before));

	KUNIT_EXPECT_EQ(test, kp->ops->set("legacy", kp), 0);
	param_mode(test, kp, mode, sizeof(mode));
	KUNIT_EXPECT_STREQ(test, mode, "legacy");
	KUNIT_EXPECT_EQ(test, kp->ops->set("graph\n", kp), 0);
	param_mode(test, kp, mode, sizeof(mode));
	KUNIT_EXPECT_STREQ(test, mode, "graph");
	/* repeated and conflicting options: the last one given wins */
	KUNIT_EXPECT_EQ(test, kp->ops->set("legacy", kp), 0);
	KUNIT_EXPECT_EQ(test, kp->ops->set("legacy", kp), 0);
	KUNIT_EXPECT_EQ(test, kp->ops->set("graph", kp), 0);
	param_mode(test, kp, mode, sizeof(mode));
	KUNIT_EXPECT_STREQ(test, mode, "graph");

	KUNIT_EXPECT_EQ(test, kp->ops->set(before, kp), 0);
}

static struct kunit_case param_test_cases[] = {
	KUNIT_CASE(param_is_registered_read_only),
	KUNIT_CASE(param_refuses_malformed_values),
	KUNIT_CASE(param_accepts_documented_values),
	{}
};

static struct kunit_suite param_test_suite = {
	.name = "p2p_pcie_param",
	.test_cases = param_test_cases,
};

kunit_test_suite(param_test_suite);
