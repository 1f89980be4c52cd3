package dev.weft.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo shop as users run it: three nodes in three JVMs with the packaged agent, one
 * Hazelcast cluster on loopback. The crash test runs last, since it kills a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopClusterIT {

    static final List<ShopNode> nodes = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(ShopNode.start(18081 + i, 5701 + i, i + 1, Map.of()));
        }
        for (ShopNode node : nodes) {
            node.awaitCluster(3, java.time.Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stopNodes() {
        nodes.forEach(ShopNode::kill);
    }

    /** The session cookie a response sets, as a request's {@code Cookie} header; empty if none. */
    static Optional<String> cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("weft-session="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst();
    }

    static String newCart(ShopNode node, String... products) throws Exception {
        String cookie = null;
        for (String product : products) {
            HttpResponse<String> added = node.post("/cart/add", "product=" + product, cookie);
            assertEquals(303, added.statusCode(), added.body());
            if (cookie == null) {
                cookie = cookie(added).orElseThrow(() -> new AssertionError("no session cookie after adding to the cart"));
            } else {
                assertEquals(Optional.empty(), cookie(added), "the key must not change while shopping");
            }
        }
        return cookie;
    }

    @Test
    @Order(1)
    void cartFilledThroughOneNodeIsSeenThroughTheOthers() throws Exception {
        String cookie = newCart(nodes.get(0), "apple", "apple", "bread");
        for (ShopNode node : nodes) {
            Map<String, String> state = node.state(cookie);
            assertEquals(String.valueOf(node.port), state.get("node"));
            assertEquals("apple:2,bread:1", state.get("cart"), "cart through node " + node.port);
        }
        HttpResponse<String> page = nodes.get(2).get("/", cookie);
        assertTrue(page.body().contains("Sourdough bread") && page.body().contains("id=cart"), page.body());
    }

    @Test
    @Order(2)
    void twoSessionsNeverSeeEachOthersCarts() throws Exception {
        String alice = newCart(nodes.get(0), "pear");
        String bob = newCart(nodes.get(1), "coffee");
        assertEquals("pear:1", nodes.get(2).state(alice).get("cart"));
        assertEquals("coffee:1", nodes.get(2).state(bob).get("cart"));
    }

    @Test
    @Order(3)
    void signInRenewsTheKeyAndSignOutPurgesIt() throws Exception {
        String before = newCart(nodes.get(0), "cheese");
        HttpResponse<String> signedIn = nodes.get(1).post("/signin", "name=Ada", before);
        assertEquals(303, signedIn.statusCode());
        String after = cookie(signedIn).orElseThrow(() -> new AssertionError("sign-in must renew the key"));
        assertNotEquals(before, after);
        Map<String, String> renewed = nodes.get(2).state(after);
        assertEquals("Ada", renewed.get("user"));
        assertEquals("cheese:1", renewed.get("cart"), "renew keeps the state");
        assertEquals("", nodes.get(0).state(before).get("cart"), "the old key no longer reaches the cart");

        // Another tab's request still carrying the old cookie: it is neither signed out nor given a new
        // session; the home page, which counts visits, is refused retryably instead of losing the write.
        HttpResponse<String> otherTab = nodes.get(0).get("/", before);
        assertEquals(409, otherTab.statusCode(), otherTab.body());
        assertEquals(java.util.List.of(), otherTab.headers().allValues("Set-Cookie"), "no removal, no new cookie");
        HttpResponse<String> otherTabReads = nodes.get(1).get("/api/state", before);
        assertEquals(200, otherTabReads.statusCode());
        assertEquals(java.util.List.of(), otherTabReads.headers().allValues("Set-Cookie"));
        assertEquals("cheese:1", nodes.get(2).state(after).get("cart"), "the signed-in session is untouched");

        HttpResponse<String> signedOut = nodes.get(2).post("/signout", "", after);
        String removal = signedOut.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("weft-session=")).findFirst().orElseThrow();
        assertTrue(removal.startsWith("weft-session=;") && removal.contains("Max-Age=0"), removal);
        Map<String, String> purged = nodes.get(0).state(after);
        assertEquals("", purged.get("user"));
        assertEquals("", purged.get("cart"));
        assertEquals(409, nodes.get(1).post("/cart/add", "product=apple", after).statusCode(),
                "a request of the signed-out session cannot bring it back");
    }

    @Test
    @Order(4)
    void aSessionExpiresAfterItsTtlAndTheOldCookieStartsAFreshOne() throws Exception {
        try (ShopNode shortLived = ShopNode.start(18089, 5704, 4, Map.of("weft.demo.ttl-seconds", "2"))) {
            String cookie = newCart(shortLived, "apple");
            assertEquals("apple:1", shortLived.state(cookie).get("cart"));
            Thread.sleep(3_500); // TTL 2 s, plus at most 1 s, plus margin
            assertEquals("", shortLived.state(cookie).get("cart"), "the cart is gone after the TTL");
            HttpResponse<String> added = shortLived.post("/cart/add", "product=pear", cookie);
            String fresh = cookie(added).orElseThrow(() -> new AssertionError("an expired key gets a new session"));
            assertNotEquals(cookie, fresh);
            assertEquals("pear:1", shortLived.state(fresh).get("cart"), "the fresh session starts empty");
        }
        for (ShopNode node : nodes) {
            node.awaitCluster(3, java.time.Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(5)
    void aBrowserAddsItemsOnOneNodeAndSeesThemOnAnother() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver browser = Browser.start();
        try {
            browser.get(nodes.get(0).uri("/").toString());
            Browser.clickAndAwaitPage(browser, org.openqa.selenium.By.id("add-apple"));
            Browser.clickAndAwaitPage(browser, org.openqa.selenium.By.id("add-coffee"));
            Browser.clickAndAwaitPage(browser, org.openqa.selenium.By.id("add-apple"));
            assertEquals("2", browser.findElement(org.openqa.selenium.By.cssSelector("tr[data-product=apple] .qty")).getText());

            browser.get(nodes.get(1).uri("/").toString());
            assertEquals(String.valueOf(nodes.get(1).port), browser.findElement(org.openqa.selenium.By.id("node")).getText());
            assertEquals("2", browser.findElement(org.openqa.selenium.By.cssSelector("tr[data-product=apple] .qty")).getText());
            assertEquals("1", browser.findElement(org.openqa.selenium.By.cssSelector("tr[data-product=coffee] .qty")).getText());
            assertEquals("€9.70", browser.findElement(org.openqa.selenium.By.id("total")).getText());
            java.nio.file.Path shot = java.nio.file.Path.of("target", "shop-node2.png");
            java.nio.file.Files.write(shot, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(10)
    void killingTheBiggestPartitionOwnerLosesNoCartAndRequestsRecover() throws Exception {
        List<String> carts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            carts.add(newCart(nodes.get(i % 3), "apple", i % 2 == 0 ? "pear" : "bread"));
        }
        ShopNode victim = nodes.stream().max(Comparator.comparingInt(n -> {
            try {
                return Integer.parseInt(n.state(null).get("partitions"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).orElseThrow();
        List<ShopNode> survivors = new ArrayList<>(nodes);
        survivors.remove(victim);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        Thread traffic = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                try {
                    survivors.get(i % 2).state(carts.get(i % carts.size()));
                    served.incrementAndGet();
                } catch (Exception duringFailover) {
                    // Requests may fail while the cluster notices the crash; checked strictly below.
                }
                i++;
            }
        });
        traffic.start();
        int servedAtKill = served.get();
        victim.kill();
        nodes.remove(victim);
        for (ShopNode survivor : survivors) {
            survivor.awaitCluster(2, java.time.Duration.ofSeconds(60));
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (served.get() <= servedAtKill && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        running.set(false);
        traffic.join();
        assertTrue(served.get() > servedAtKill, "requests were served again after the kill (" + servedAtKill
                + " before it)");

        for (int i = 0; i < carts.size(); i++) {
            String expected = "apple:1," + (i % 2 == 0 ? "pear:1" : "bread:1");
            for (ShopNode survivor : survivors) {
                HttpResponse<String> response = survivor.get("/api/state", carts.get(i));
                if (response.statusCode() != 200) {
                    fail("request through " + survivor.port + " failed after the cluster settled: " + response.body());
                }
                assertTrue(response.body().contains("\ncart=" + expected + "\n"),
                        "cart " + i + " through " + survivor.port + ": " + response.body());
            }
        }
    }
}
