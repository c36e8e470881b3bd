BEGIN TRANSACTION;
CREATE TABLE alerts (
    item_id    TEXT NOT NULL,
    version    TEXT NOT NULL,
    snapshot   TEXT NOT NULL,                       -- JSON: what the message says
    created_at TEXT NOT NULL,
    PRIMARY KEY (item_id, version)
);
INSERT INTO "alerts" VALUES('new-for-upgrade-test','2f13f2046faa','{"id": "new-for-upgrade-test", "kind": "briefing", "version": "2f13f2046faa", "title": "Domestic abuse: children are victims too", "summary": "Children who see, hear or live with domestic abuse are victims in their own right. Our audit shows what works well locally and where we still need to improve.", "url": "https://learning.example-scp.org.uk/briefings/new-for-upgrade-test.html", "date": "21 November 2026", "change": "new", "change_note": "", "change_type": "", "action": "- Ask about domestic abuse routinely and safely, when the person is on their own.\n- See the child as a victim. Record their views, feelings and daily experience.\n- Use a recognised risk assessment. Refer high-risk cases to MARAC.\n- Share information with schools and health staff so they can support the child.\n- Name the person causing harm in your records, and describe their behaviour clearly.\n- Watch for changes in risk, such as release from prison or a withdrawn statement. Act quickly.\n- Refer children to specialist support that helps them understand and talk about their experiences.\n- Keep your domestic abuse training up to date.", "audiences": ["all-practitioners", "police", "health", "education", "social-care"], "themes": ["domestic-abuse", "voice-of-the-child"], "accessibility": "pass"}','2026-11-22T12:00:00+00:00');
CREATE TABLE batches (
    batch      TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,                       -- alert | digest | newsletter
    subject_id TEXT NOT NULL,
    version    TEXT NOT NULL,
    details    TEXT NOT NULL,                       -- JSON for the log row
    created_at TEXT NOT NULL,
    logged     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "batches" VALUES('alert:new-for-upgrade-test:2f13f2046faa','alert','new-for-upgrade-test','2f13f2046faa','{"item_type": "briefing", "channel": "email-alert", "audience": "all-practitioners;police;health;education;social-care", "accessibility": "pass", "notes": "topic alert: first publication"}','2026-11-22T12:00:00+00:00',1);
INSERT INTO "batches" VALUES('digest:digest-2026-12-28','digest','digest-2026-12-28','1','{"channel": "email-alert", "notes": "weekly digest digest-2026-12-28", "week": "28 December 2026"}','2027-01-01T09:30:00+00:00',1);
INSERT INTO "batches" VALUES('newsletter:newsletter-2027-01','newsletter','newsletter-2027-01','5982c669d8ce','{"notes": "newsletter issue: New 7-minute briefings (1), National updates (3)"}','2027-01-01T09:30:00+00:00',1);
CREATE TABLE check_cache (
    key      TEXT PRIMARY KEY,
    deps     TEXT NOT NULL,
    findings TEXT NOT NULL
);
INSERT INTO "check_cache" VALUES('e5a7cc5ab9e9744076888fc98008206388bdf80ba84f2c44474579baad1b8056','{}','[]');
INSERT INTO "check_cache" VALUES('582d2d587429c1ed76cf4d769863894f3eb665172f81f2417710ce938241173e','{}','[]');
INSERT INTO "check_cache" VALUES('16ac87368bac25b7b9e19fd156d8e22b7d52a72fda17991d512570c5e5fb2d4f','{}','[]');
INSERT INTO "check_cache" VALUES('7a2be6ecf32db13af37e85504cc752c377c08436a678689aa38fb68dba04b64f','{}','[]');
INSERT INTO "check_cache" VALUES('0b71f6ca66ffd42b2ffbb3ee62a2e842a582ffe1dd6a72f1264eebda8b106853','{}','[]');
INSERT INTO "check_cache" VALUES('311051e33f3440b6af001c440f28bcc54df4d303692fc84004a5229aed3506fe','{}','[]');
INSERT INTO "check_cache" VALUES('ba0fe87ad45714a38dd76d8ba5a6a7e9117f57dcebca8f2f66ca0097b6439ef4','{}','[]');
INSERT INTO "check_cache" VALUES('eb2d4f90573a192a5ff45a37f9aa3b23759759ee9fb94d2f5652b00d009782df','{}','[]');
INSERT INTO "check_cache" VALUES('2f5121274e115e2f98550a6a29dd2ae72d802ca1cd455f7c8072b98ba202af0e','{}','[]');
INSERT INTO "check_cache" VALUES('ad10397ee4a732de1ab35cdc7a4089b39c3bc65d4f2333339aebea1a9f3d00fd','{}','[]');
INSERT INTO "check_cache" VALUES('6ce816b43ace1fbace5e8057016ffeef3113d63d9e706ce96985602a1c558df7','{}','[]');
INSERT INTO "check_cache" VALUES('d5816a99a83ff2f2390bab4917d2cd2c738bb164483391f426fb41e190c8b51b','{}','[]');
INSERT INTO "check_cache" VALUES('2cbf98e9d83630cfdb35c1e8549307d5fec293bfe20664759b618f77e94e2401','{}','[]');
INSERT INTO "check_cache" VALUES('0f230486ab088fa60e90751d4527102f88128b17f4aa8af4f98ba1da025a8029','{}','[]');
INSERT INTO "check_cache" VALUES('20a275443246bcfaa471f8850490dab69fc7a099b4ed21a202bc39ea5fe160eb','{}','[]');
INSERT INTO "check_cache" VALUES('6c0cdb2b3afd108513581013b04862c6faab62155f6353a99e3441c5703e7540','{}','[]');
INSERT INTO "check_cache" VALUES('6ca559cc90872eafae9f879ad19fbaa1271363f4d970bddcb81f803e4ac01b33','{}','[]');
INSERT INTO "check_cache" VALUES('347e07cdd7bfa827025894b0fbe5cf6984de05d19d4ebabeddf552e22cb34902','{}','[]');
INSERT INTO "check_cache" VALUES('7ae31dcc93712f68bdcd0863e273a3a0b59a7eed3183dde3dc814f378e2671a6','{}','[]');
INSERT INTO "check_cache" VALUES('9c076926cadf6383cd630d1b0ce6ac44c51a7a8ece15d2c0b9a9a3c06f32f1db','{}','[]');
INSERT INTO "check_cache" VALUES('e152b60dc1d69694266fa1977fe195a843be3d4d163db8b88686eacd882cd8e2','{}','[]');
INSERT INTO "check_cache" VALUES('cebe2864c38a2655391d1c2b0ae05221c7d1535a69c3d1b2a26bfcb93a4040e5','{}','[]');
INSERT INTO "check_cache" VALUES('7483215e662f9bc97fccd096a3734ee32f785cefca14986498706fb563273bf0','{}','[]');
INSERT INTO "check_cache" VALUES('8d5d8393b81d468c89cabe1503a9cc8a55f2347cf9ce6ccb0f9e4dd61eb5b367','{}','[]');
INSERT INTO "check_cache" VALUES('e19a709fd5863c522ca765a2bc820f02e577a7c4e152abc3c42d86591329e3f1','{}','[]');
INSERT INTO "check_cache" VALUES('8b19002c39870bcc5164155fd47e022d1080baa9793a05bba5abbf3fded73402','{}','[]');
INSERT INTO "check_cache" VALUES('b285b44791ed14326e3a0ab9f3084c652b0ba59fefaf50c2c2b43caed3a97353','{}','[]');
INSERT INTO "check_cache" VALUES('4b6dea71fb5d22cb4970b25963c3dda2088ca3a695d0302524c5eb0a62f175bf','{}','[]');
INSERT INTO "check_cache" VALUES('7b2c6a43e5d41156fd6c8e1b580be2cd68c574097437375fe5905227148dd24e','{}','[]');
INSERT INTO "check_cache" VALUES('35d41ac836e82bb82a6cfcc54dc9e68a5f9e14259139e455a85876b8f7a09056','{}','[]');
INSERT INTO "check_cache" VALUES('fe20c5b7c4fcff8cf31fbb642ccb842fddbbc1f16b3fe1d1a56f29c32ca6fb44','{}','[]');
INSERT INTO "check_cache" VALUES('50b5b2d48f4601850c188405fb914e76d4cbbf27a428a64babb70e673e0ac1ee','{}','[]');
INSERT INTO "check_cache" VALUES('8f1d94a901ea740b90142912c99511e88d1736dccc9f33ed6827468449d88d47','{}','[]');
INSERT INTO "check_cache" VALUES('58c9a67951b93e55363b860b4c28a561aee82b9f16a645e148ee3a11c52832af','{}','[]');
INSERT INTO "check_cache" VALUES('cdcb0b8664382507af7df4936da0d9b30b241bb9a1f254d5ffde64244ac75daa','{}','[]');
INSERT INTO "check_cache" VALUES('99547f6167fd17039c3b62113c06c655e866fb93af51bef5deb6a9a705f3c986','{}','[]');
INSERT INTO "check_cache" VALUES('0a0a199808dac4acd2bba6eec23609052bdcec8d25c5f2e103726897731d1896','{}','[]');
INSERT INTO "check_cache" VALUES('20db04963a8b2f82349afa292f8bbffdbc8b0fd11b47fbf5a3fb41ca350f1292','{}','[]');
INSERT INTO "check_cache" VALUES('fe5371c69f12d0d273d45f431ea457f927749a243ce1605f2f4a727e0be189f9','{}','[]');
INSERT INTO "check_cache" VALUES('9c18c1370863aad6ab8074f64dc71ecb79a7614284f4e5a68a6393c6d2172a29','{}','[]');
INSERT INTO "check_cache" VALUES('7998a741ad40643a55853ced619ba6efc36b10bf61a2c78799a70b2f8c70652d','{}','[]');
INSERT INTO "check_cache" VALUES('098af715bc6dfc24d3a1e4122028f06fb59dc9fe2890359b70db21cd494cef24','{}','[]');
INSERT INTO "check_cache" VALUES('bd4b543aa60b204d1be63128b80806d1def22738ef03187d6ef60c073191416a','{}','[]');
INSERT INTO "check_cache" VALUES('548ad9d6398003a121abe64897d37f608a1db9988fe810555a5c3dafe5815cb2','{}','[]');
INSERT INTO "check_cache" VALUES('6d6474c03288e060295476612023892bf6e086cc8b1b7d4ea4508adcf5254963','{}','[]');
INSERT INTO "check_cache" VALUES('ea0d3ed797baa6fa1a6d15703f4b6a792b04cfc8beb21934ffdf90f776c2c3f5','{}','[]');
INSERT INTO "check_cache" VALUES('f75996c33c8d51fd10e4e047e8b6984bbf2068bf3c5a440efcc87c32b2bd5736','{}','[]');
INSERT INTO "check_cache" VALUES('8021f208776d482ec4b148da95ba0d2746f2043dc567f1939b88ef92cf16dd80','{}','[]');
INSERT INTO "check_cache" VALUES('e66a9c293acb9b8c4b17064f17e09c26a08a8d9dbeda4cdd7f03108cdb37b1cf','{}','[]');
INSERT INTO "check_cache" VALUES('2eb5b1869848b9f8c65720a0325f1c18bf1686bebff3aae1cad3cb1b06e32286','{}','[]');
INSERT INTO "check_cache" VALUES('60784e89b3cc649c50207e93cbda8e373918bdc6820d0489024df57121ab59d9','{}','[]');
INSERT INTO "check_cache" VALUES('83717e3459a9655b774be7707a42259155cf1446527b46058c435162d95106ba','{}','[]');
INSERT INTO "check_cache" VALUES('5cad8a28b67f4996f73ccee5f42b6aa7e820a0e29498ce420f0b28c34a417cb0','{}','[]');
INSERT INTO "check_cache" VALUES('d148f4b23cc572891fe362475e9a61e9c3be69c863c89b173fbb3ad94460e892','{}','[]');
INSERT INTO "check_cache" VALUES('e8a569c8d08aa160549243c9a4efc8769d45eac3ab5c70c5d73ac3c0183ce369','{}','[]');
INSERT INTO "check_cache" VALUES('1cb98f74ae992d01dcd9a9c1280aec2819b2f7fcb148d50efd3a75d846f70546','{}','[]');
INSERT INTO "check_cache" VALUES('8f5d98debaeb44c808e6dbfbd1896e781d324c7aa3ec8065618cb904bb4454a8','{}','[]');
INSERT INTO "check_cache" VALUES('900ef66cd876bc615d977ea5e04c33a94cdf017001971722b7f0fbc18f5f0703','{}','[]');
INSERT INTO "check_cache" VALUES('2121c36943f1689b2eaeb2d5833f3898f0a1bdf19c4c7fb62267001fdd6508f7','{}','[]');
INSERT INTO "check_cache" VALUES('155210505da880a41fe69dcd6f8eb4f7186340deb42d3c9336786290d6cd98b3','{}','[]');
INSERT INTO "check_cache" VALUES('781684bb2ef186c45cf63612021182edf1cda6d15f5d6b496b0a1605cbe820e9','{}','[]');
INSERT INTO "check_cache" VALUES('c50fda63c0bd9ec62ef5e9ab1e6b3c669280bdf7446d7166454cbbb0ee86aad0','{}','[]');
INSERT INTO "check_cache" VALUES('9e75e106f9fb3a827a47acf4f1e2c86924d8b8f71b7f03fc3d38d27a67a19969','{}','[]');
INSERT INTO "check_cache" VALUES('2b40aa316287d006e0f94b11d977fa668547004a6ab6060888af049d3071aeef','{}','[]');
INSERT INTO "check_cache" VALUES('f8251c1beb7078f61ce491430cf55764e325500bee84c64c927cc121d81eb581','{}','[]');
INSERT INTO "check_cache" VALUES('96ca58acd7f2b544c540668f67e2a91b203074d0fb908a13f442d8ac75a436fd','{}','[]');
INSERT INTO "check_cache" VALUES('9d31b49433d31c46f049f8907b8636049c551cf723bf42fe406cde917d927ea5','{}','[]');
INSERT INTO "check_cache" VALUES('12887ace43e3b7cb26f60f467be12eb73b788e0cb91dcac5bfbb23ac02447d6f','{}','[]');
INSERT INTO "check_cache" VALUES('ef2677435f582432cc1f0147f49492a46584896b69fbcaf55202d21b43ccc6ac','{}','[]');
INSERT INTO "check_cache" VALUES('c949be69b4b1a95adbb4d25ce6d06fb85811de44cb376731aff7864bfaa96f03','{}','[]');
INSERT INTO "check_cache" VALUES('23d5c771735935126d4d2b117682a9b6ad71ca7601c29d7d6977aef9128a176d','{}','[]');
INSERT INTO "check_cache" VALUES('111947271c26bfbeaac2086cec8a254ce1337c6ef3e50e3465199e444e72364e','{}','[]');
INSERT INTO "check_cache" VALUES('041c01301ed462cd24a1bb6fb35f385269165eeb21c83848e79e769f2575a01c','{}','[]');
INSERT INTO "check_cache" VALUES('d5c6f124fb57db629a4196ea192cae887ab3971bed518b8ca72bda04ddb3b165','{}','[]');
INSERT INTO "check_cache" VALUES('93a8032b62f3819a36f31376b4da215c937c105e427c48bb901cf4e86fd3a9a5','{}','[]');
INSERT INTO "check_cache" VALUES('1d7d6cbdaa65e20c63ce3b775d06b007d0d45e26559d0336768cfbde39da0d28','{}','[]');
INSERT INTO "check_cache" VALUES('6f68eeaf3cecf7f51d42499c355d56c8021ba2254539b8c960afe471e2170cd4','{}','[]');
INSERT INTO "check_cache" VALUES('2bb07cbfcf78c93d0ea41702dddd6d9750f1a1af88551ea482f8c4cff108ca76','{}','[]');
INSERT INTO "check_cache" VALUES('bfd2e0f5f8e58258bd4333672b8319ea5aa7cd54459c38afd9d691db7e334055','{}','[]');
INSERT INTO "check_cache" VALUES('7a1da1892f382561fbed280b0f1d17db785bf15d9d0ee19b3fd2d853a5e2b759','{}','[]');
INSERT INTO "check_cache" VALUES('7af66e913f8d1aa428cd4bc49189934d78fee62aea1460935b27bcf59f1f6f33','{}','[]');
INSERT INTO "check_cache" VALUES('6a2dc25b73c61382a73d74c33ae5e16f2c98754b4123913da7620cccec93add4','{}','[]');
INSERT INTO "check_cache" VALUES('c4b29b8016c5055e40702c26912361b6b77f4731f2c187a9b20e6e823aff741b','{}','[]');
INSERT INTO "check_cache" VALUES('09cb3f9c03c6b24e25f4f12789055e31f4e06c40cd33a197db27e3fb76c8fd97','{}','[]');
INSERT INTO "check_cache" VALUES('e36a4eabc7d12839dccea6cb809472ab03e2cd625581b4f586f7b476a2cabca9','{}','[]');
INSERT INTO "check_cache" VALUES('27c93a081f60e566b4d486a02f098233450c7ec03d8f6d3b0e16c8ac5b06ad23','{}','[]');
CREATE TABLE deliveries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber_id INTEGER NOT NULL,
    subject_id    TEXT NOT NULL,
    version       TEXT NOT NULL,
    batch         TEXT NOT NULL,
    payload       TEXT NOT NULL DEFAULT '[]',
    status        TEXT NOT NULL DEFAULT 'pending',
    attempts      INTEGER NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (subscriber_id, subject_id, version)
);
INSERT INTO "deliveries" VALUES(1,2,'new-for-upgrade-test','2f13f2046faa','alert:new-for-upgrade-test:2f13f2046faa','[]','sent',1,'','2026-11-22T12:00:00+00:00','2026-11-22T12:00:00+00:00');
INSERT INTO "deliveries" VALUES(2,4,'new-for-upgrade-test','2f13f2046faa','alert:new-for-upgrade-test:2f13f2046faa','[]','sent',1,'','2026-11-22T12:00:00+00:00','2026-11-22T12:00:00+00:00');
INSERT INTO "deliveries" VALUES(3,7,'new-for-upgrade-test','2f13f2046faa','alert:new-for-upgrade-test:2f13f2046faa','[]','sent',1,'','2026-11-22T12:00:00+00:00','2026-11-22T12:00:00+00:00');
INSERT INTO "deliveries" VALUES(4,3,'digest-2026-12-28','1','digest:digest-2026-12-28','[["new-for-upgrade-test", "2f13f2046faa"]]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(5,1,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(6,2,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(7,3,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(8,4,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(9,5,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(10,6,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(11,7,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(12,8,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(13,9,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
INSERT INTO "deliveries" VALUES(14,10,'newsletter-2027-01','5982c669d8ce','newsletter:newsletter-2027-01','[]','sent',1,'','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
CREATE TABLE digest_queue (
    subscriber_id INTEGER NOT NULL,
    item_id       TEXT NOT NULL,
    version       TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, item_id, version)
);
CREATE TABLE feed_state (
    name          TEXT PRIMARY KEY,
    url           TEXT NOT NULL,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_attempt  TEXT,
    last_success  TEXT,
    last_outcome  TEXT NOT NULL DEFAULT '',   -- ok | not-modified | warning | error
    last_error    TEXT NOT NULL DEFAULT '',
    error_count   INTEGER NOT NULL DEFAULT 0,
    retry_at      TEXT                        -- no attempt before this (backoff, Retry-After)
);
INSERT INTO "feed_state" VALUES('Panel','http://127.0.0.1:8765/panel.atom.xml','','Thu, 03 Dec 2026 13:19:28 GMT','2026-11-23T12:00:00+00:00','2026-11-23T12:00:00+00:00','ok','',0,NULL);
CREATE TABLE issues (
    issue_id   TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,                       -- newsletter | digest
    version    TEXT NOT NULL,
    cutoff     TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'sending',     -- sending | sent
    created_at TEXT NOT NULL,
    sent_at    TEXT NOT NULL DEFAULT ''
);
INSERT INTO "issues" VALUES('newsletter-2027-01','newsletter','5982c669d8ce','2027-01-01T09:00:00+00:00','{"count": 4, "cutoff": "2027-01-01T09:00:00+00:00", "heading": "Learning newsletter: January 2027", "intro": "Learning shared by Safeguarding Children Partnership since 1 November 2026, up to 1 January 2027.", "issue_id": "newsletter-2027-01", "sections": [["New 7-minute briefings", [{"action": "- Ask about domestic abuse routinely and safely, when the person is on their own.\n- See the child as a victim. Record their views, feelings and daily experience.\n- Use a recognised risk assessment. Refer high-risk cases to MARAC.\n- Share information with schools and health staff so they can support the child.\n- Name the person causing harm in your records, and describe their behaviour clearly.\n- Watch for changes in risk, such as release from prison or a withdrawn statement. Act quickly.\n- Refer children to specialist support that helps them understand and talk about their experiences.\n- Keep your domestic abuse training up to date.", "audiences": ["all-practitioners", "police", "health", "education", "social-care"], "change": "new", "change_note": "", "change_type": "", "date": "21 November 2026", "id": "new-for-upgrade-test", "kind": "briefing", "summary": "Children who see, hear or live with domestic abuse are victims in their own right. Our audit shows what works well locally and where we still need to improve.", "themes": ["domestic-abuse", "voice-of-the-child"], "title": "Domestic abuse: children are victims too", "url": "https://learning.example-scp.org.uk/briefings/new-for-upgrade-test.html", "version": "2f13f2046faa"}]], ["National updates", [{"action": "", "audiences": [], "change": "new", "change_note": "", "change_type": "", "date": "28 November 2024", "id": "nu-837bc4b28857", "kind": "national-update", "summary": "This report summarises the panel''s work between April 2023 and March 2024, including the themes from serious incident notifications.", "themes": [], "title": "Child Safeguarding Practice Review Panel: annual report 2023 to 2024", "url": "https://www.gov.uk/government/publications/child-safeguarding-practice-review-panel-annual-report-2023-to-2024", "version": "b0d0e0aa9328"}, {"action": "", "audiences": [], "change": "new", "change_note": "", "change_type": "", "date": "23 April 2024", "id": "nu-3db6ea2ad720", "kind": "national-update", "summary": "Phase 2 of the national review: findings and recommendations for commissioners and providers.", "themes": [], "title": "Safeguarding children with disabilities and complex health needs in residential settings", "url": "https://www.gov.uk/government/publications/safeguarding-children-with-disabilities-in-residential-settings", "version": "9963b942d706"}, {"action": "", "audiences": [], "change": "new", "change_note": "", "change_type": "", "date": "15 September 2021", "id": "nu-693a3e97dd02", "kind": "national-update", "summary": "A national review of serious incidents involving babies and the men who care for them.", "themes": [], "title": "The myth of invisible men: safeguarding children under 1 from non-accidental injury caused by male carers", "url": "https://www.gov.uk/government/publications/safeguarding-children-under-1-from-non-accidental-injury-caused-by-male-carers", "version": "72862fe654e3"}]]], "url": "https://learning.example-scp.org.uk/newsletters/newsletter-2027-01.html"}','sent','2027-01-01T09:30:00+00:00','2027-01-01T09:30:00+00:00');
CREATE TABLE job_runs (
    id            INTEGER PRIMARY KEY,
    job_id        TEXT NOT NULL,
    scheduled_for TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    outcome       TEXT NOT NULL,          -- running | ok | error | missed | interrupted
    detail        TEXT NOT NULL DEFAULT ''
);
INSERT INTO "job_runs" VALUES(1,'reconcile','2026-12-03T13:29:52+00:00','2026-12-03T13:29:52+00:00','2026-12-03T13:29:52+00:00','ok','nothing to do');
INSERT INTO "job_runs" VALUES(2,'publish:x','2026-12-03T13:29:52+00:00','2026-12-03T13:29:52+00:00','2026-12-03T13:29:52+00:00','missed','could not start within its grace time (late by 0 s)');
CREATE TABLE mail_seen (
    item_id      TEXT PRIMARY KEY,
    version      TEXT NOT NULL,
    alerted_note TEXT NOT NULL DEFAULT '',
    seen_at      TEXT NOT NULL
);
INSERT INTO "mail_seen" VALUES('child-exploitation-2020-06','a40393c7537a','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('children-from-abroad-2020-06','089c724ab744','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('children-missing-education-2020-06','a72f559d1c19','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('children-visiting-prisons-2020-06','588a9340cd53','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('children-visiting-psychiatric-wards-2020-06','4326e8ed237a','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('fgm-2020-06','312404a628a0','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('single-assessment-2020-06','e686a47f1b8a','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('allegations-against-staff-2020-12','49d014d8c3f9','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('bullying-2020-12','f37ff3e2a820','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('elective-home-education-2020-12','4537b556a703','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('information-sharing-2020-12','40ed4c5adc93','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('ipva-young-peoples-relationships-2020-12','af21d69dd321','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('safer-recruitment-2020-12','574d9947071a','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('neglect-toolkit','fad522886608','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('agency-roles-serious-violence-2024-06','ef8e5ae6a318','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('fgm-other-harmful-practices-2024-06','dd70a7a0468a','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('forced-marriage-2024-06','43c00400faec','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('mappa-2024-06','3ecc4ac36260','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('pre-birth-2024-06','0ff82b4d388a','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('recognising-abuse-and-neglect-2024-06','29bd09927919','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('professional-curiosity','32c8fe3e5930','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('escalation-resolving-professional-differences','c3aa128f3286','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('invisible-men-non-mobile-babies','d0b19d5b7491','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('child-abuse-and-ict-2024-12','5b843ae12791','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('child-exploitation-2024-12','3c0189f53e70','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('children-from-abroad-2024-12','e7341a017649','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('dangerous-dogs-2024-12','ca8997c15bd3','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('domestic-abuse-2024-12','adf0ab707fca','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('fgm-nhs-data-sharing-2024-12','5bc7f9de299c','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('information-sharing-2024-12','9aa89f6a6e45','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('non-mobile-baby-gp-process-2024-12','a13c3cc34a52','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('non-mobile-baby-pathway-flowchart-2024-12','2c82113fab07','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('safer-recruitment-2024-12','d8e12555bb31','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('safer-sleep-protocol-2024-12','8481d4314bcd','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('safer-sleep-sudi','bbf3cc001458','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('icon-coping-with-crying','8054ca339035','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('was-not-brought','57cf65d1fd00','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('exploitation-risk-outside-home','4f988f69cf74','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('domestic-abuse-children-as-victims','5158e8972cea','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('parental-mental-health','ccfba899caf8','','2026-11-20T12:00:00+00:00');
INSERT INTO "mail_seen" VALUES('new-for-upgrade-test','2f13f2046faa','','2026-11-22T12:00:00+00:00');
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('dissemination_page','---
title: Dissemination
description: How the partnership''s learning was shared, from its dissemination log.
---

# Dissemination

Figures for the 12 months to 31 December 2026; updated monthly. They come from the partnership''s dissemination log, which records each time learning was published, sent or talked through with practitioners. The log holds audiences and numbers of people, never names.

## Summary

- 42 acts of dissemination, 41 items.
- 3 people reached, where reach was recorded (1 act).

Reach is the number of people reached (recipients, attendees) where it was recorded; it is not recorded for publication on the website.

## By channel

<div class="cascade-table" role="region" tabindex="0" aria-label="Acts, items and reach by channel" style="overflow-x: auto" markdown="1">
<div style="min-width: min-content" markdown="1">

| Channel | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| Website | 41 | 41 | - |
| Email alert | 1 | 1 | 3 |

</div>
</div>

## By audience

An act aimed at several audiences counts once for each of them, so these rows can add up to more than the total.

<figure class="cascade-chart" markdown="1">
<figcaption>Reach by audience</figcaption>
<div markdown="0"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Bar chart of reach by audience. Highest: All practitioners, 3. The table gives every figure." viewBox="0 0 530 216" width="530" height="216" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12" style="max-width:100%;height:auto"><title>Reach by audience</title><text x="162" y="20" text-anchor="end" fill="#1f2937">All practitioners</text><rect x="170" y="7" width="280.0" height="18" fill="#374151"><title>All practitioners: 3</title></rect><text x="456.0" y="20" fill="#1f2937">3</text><text x="162" y="46" text-anchor="end" fill="#1f2937">Health</text><rect x="170" y="33" width="280.0" height="18" fill="#374151"><title>Health: 3</title></rect><text x="456.0" y="46" fill="#1f2937">3</text><text x="162" y="72" text-anchor="end" fill="#1f2937">Education</text><rect x="170" y="59" width="280.0" height="18" fill="#374151"><title>Education: 3</title></rect><text x="456.0" y="72" fill="#1f2937">3</text><text x="162" y="98" text-anchor="end" fill="#1f2937">Early years</text><rect x="170" y="85" width="0.0" height="18" fill="#374151"><title>Early years: 0</title></rect><text x="176.0" y="98" fill="#1f2937">0</text><text x="162" y="124" text-anchor="end" fill="#1f2937">Police</text><rect x="170" y="111" width="280.0" height="18" fill="#374151"><title>Police: 3</title></rect><text x="456.0" y="124" fill="#1f2937">3</text><text x="162" y="150" text-anchor="end" fill="#1f2937">Social care</text><rect x="170" y="137" width="280.0" height="18" fill="#374151"><title>Social care: 3</title></rect><text x="456.0" y="150" fill="#1f2937">3</text><text x="162" y="176" text-anchor="end" fill="#1f2937">Voluntary sector</text><rect x="170" y="163" width="0.0" height="18" fill="#374151"><title>Voluntary sector: 0</title></rect><text x="176.0" y="176" fill="#1f2937">0</text><text x="162" y="202" text-anchor="end" fill="#1f2937">DSL network</text><rect x="170" y="189" width="0.0" height="18" fill="#374151"><title>DSL network: 0</title></rect><text x="176.0" y="202" fill="#1f2937">0</text></svg></div>

<div class="cascade-table" role="region" tabindex="0" aria-label="Acts, items and reach by audience" style="overflow-x: auto" markdown="1">
<div style="min-width: min-content" markdown="1">

| Audience | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| All practitioners | 31 | 30 | 3 |
| Health | 20 | 19 | 3 |
| Education | 21 | 20 | 3 |
| Early years | 8 | 8 | - |
| Police | 13 | 12 | 3 |
| Social care | 21 | 20 | 3 |
| Voluntary sector | 7 | 7 | - |
| DSL network | 4 | 4 | - |

</div>
</div>

</figure>

## By month

<div class="cascade-table" role="region" tabindex="0" aria-label="Acts, items and reach by month" style="overflow-x: auto" markdown="1">
<div style="min-width: min-content" markdown="1">

| Month | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| January 2026 | 0 | 0 | - |
| February 2026 | 0 | 0 | - |
| March 2026 | 0 | 0 | - |
| April 2026 | 0 | 0 | - |
| May 2026 | 0 | 0 | - |
| June 2026 | 0 | 0 | - |
| July 2026 | 0 | 0 | - |
| August 2026 | 0 | 0 | - |
| September 2026 | 0 | 0 | - |
| October 2026 | 0 | 0 | - |
| November 2026 | 42 | 41 | 3 |
| December 2026 | 0 | 0 | - |

</div>
</div>

<figure class="cascade-chart" markdown="1">
<figcaption>Items per month by channel</figcaption>
<div markdown="0"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Stacked column chart of items per month by channel, Jan 2026 to Dec 2026. Highest: Nov 2026, 42. The table gives every figure." viewBox="0 0 600 258" width="600" height="258" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12" style="max-width:100%;height:auto"><title>Items per month by channel</title><line x1="56" x2="592" y1="192.0" y2="192.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="196.0" text-anchor="end" fill="#1f2937">0</text><line x1="56" x2="592" y1="132.0" y2="132.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="136.0" text-anchor="end" fill="#1f2937">20</text><line x1="56" x2="592" y1="72.0" y2="72.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="76.0" text-anchor="end" fill="#1f2937">40</text><line x1="56" x2="592" y1="12.0" y2="12.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="16.0" text-anchor="end" fill="#1f2937">60</text><text x="78.0" y="208" text-anchor="middle" fill="#1f2937">Jan</text><text x="78.0" y="222" text-anchor="middle" fill="#1f2937">2026</text><text x="122.0" y="208" text-anchor="middle" fill="#1f2937">Feb</text><text x="166.0" y="208" text-anchor="middle" fill="#1f2937">Mar</text><text x="210.0" y="208" text-anchor="middle" fill="#1f2937">Apr</text><text x="254.0" y="208" text-anchor="middle" fill="#1f2937">May</text><text x="298.0" y="208" text-anchor="middle" fill="#1f2937">Jun</text><text x="342.0" y="208" text-anchor="middle" fill="#1f2937">Jul</text><text x="386.0" y="208" text-anchor="middle" fill="#1f2937">Aug</text><text x="430.0" y="208" text-anchor="middle" fill="#1f2937">Sep</text><text x="474.0" y="208" text-anchor="middle" fill="#1f2937">Oct</text><rect x="505.0" y="69.0" width="26" height="123.0" fill="#1d4ed8" stroke="#ffffff" stroke-width="1"><title>Nov 2026, Website: 41</title></rect><rect x="505.0" y="66.0" width="26" height="3.0" fill="#047857" stroke="#ffffff" stroke-width="1"><title>Nov 2026, Email alert: 1</title></rect><text x="518.0" y="208" text-anchor="middle" fill="#1f2937">Nov</text><text x="562.0" y="208" text-anchor="middle" fill="#1f2937">Dec</text><line x1="56" x2="592" y1="192" y2="192" stroke="#1f2937" stroke-width="1"/><rect x="56" y="225" width="14" height="14" fill="#1d4ed8"/><text x="76" y="236" fill="#1f2937">Website</text><rect x="206" y="225" width="14" height="14" fill="#047857"/><text x="226" y="236" fill="#1f2937">Email alert</text></svg></div>

<div class="cascade-table" role="region" tabindex="0" aria-label="Items per month by channel" style="overflow-x: auto" markdown="1">
<div style="min-width: min-content" markdown="1">

| Month | Website | Email alert |
| --- | ---: | ---: |
| January 2026 | 0 | 0 |
| February 2026 | 0 | 0 |
| March 2026 | 0 | 0 |
| April 2026 | 0 | 0 |
| May 2026 | 0 | 0 |
| June 2026 | 0 | 0 |
| July 2026 | 0 | 0 |
| August 2026 | 0 | 0 |
| September 2026 | 0 | 0 |
| October 2026 | 0 | 0 |
| November 2026 | 41 | 1 |
| December 2026 | 0 | 0 |

</div>
</div>

</figure>

<figure class="cascade-chart" markdown="1">
<figcaption>Reach per month by channel</figcaption>
<div markdown="0"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Stacked column chart of reach per month by channel, Jan 2026 to Dec 2026. Highest: Nov 2026, 3. The table gives every figure." viewBox="0 0 600 258" width="600" height="258" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12" style="max-width:100%;height:auto"><title>Reach per month by channel</title><line x1="56" x2="592" y1="192.0" y2="192.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="196.0" text-anchor="end" fill="#1f2937">0</text><line x1="56" x2="592" y1="132.0" y2="132.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="136.0" text-anchor="end" fill="#1f2937">1</text><line x1="56" x2="592" y1="72.0" y2="72.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="76.0" text-anchor="end" fill="#1f2937">2</text><line x1="56" x2="592" y1="12.0" y2="12.0" stroke="#d1d5db" stroke-width="1"/><text x="50" y="16.0" text-anchor="end" fill="#1f2937">3</text><text x="78.0" y="208" text-anchor="middle" fill="#1f2937">Jan</text><text x="78.0" y="222" text-anchor="middle" fill="#1f2937">2026</text><text x="122.0" y="208" text-anchor="middle" fill="#1f2937">Feb</text><text x="166.0" y="208" text-anchor="middle" fill="#1f2937">Mar</text><text x="210.0" y="208" text-anchor="middle" fill="#1f2937">Apr</text><text x="254.0" y="208" text-anchor="middle" fill="#1f2937">May</text><text x="298.0" y="208" text-anchor="middle" fill="#1f2937">Jun</text><text x="342.0" y="208" text-anchor="middle" fill="#1f2937">Jul</text><text x="386.0" y="208" text-anchor="middle" fill="#1f2937">Aug</text><text x="430.0" y="208" text-anchor="middle" fill="#1f2937">Sep</text><text x="474.0" y="208" text-anchor="middle" fill="#1f2937">Oct</text><rect x="505.0" y="12.0" width="26" height="180.0" fill="#047857" stroke="#ffffff" stroke-width="1"><title>Nov 2026, Email alert: 3</title></rect><text x="518.0" y="208" text-anchor="middle" fill="#1f2937">Nov</text><text x="562.0" y="208" text-anchor="middle" fill="#1f2937">Dec</text><line x1="56" x2="592" y1="192" y2="192" stroke="#1f2937" stroke-width="1"/><rect x="56" y="225" width="14" height="14" fill="#1d4ed8"/><text x="76" y="236" fill="#1f2937">Website</text><rect x="206" y="225" width="14" height="14" fill="#047857"/><text x="226" y="236" fill="#1f2937">Email alert</text></svg></div>

<div class="cascade-table" role="region" tabindex="0" aria-label="Reach per month by channel" style="overflow-x: auto" markdown="1">
<div style="min-width: min-content" markdown="1">

| Month | Website | Email alert |
| --- | ---: | ---: |
| January 2026 | 0 | 0 |
| February 2026 | 0 | 0 |
| March 2026 | 0 | 0 |
| April 2026 | 0 | 0 |
| May 2026 | 0 | 0 |
| June 2026 | 0 | 0 |
| July 2026 | 0 | 0 |
| August 2026 | 0 | 0 |
| September 2026 | 0 | 0 |
| October 2026 | 0 | 0 |
| November 2026 | 0 | 3 |
| December 2026 | 0 | 0 |

</div>
</div>

</figure>

## By item

<div class="cascade-table" role="region" tabindex="0" aria-label="Acts and reach by item" style="overflow-x: auto" markdown="1">
<div style="min-width: min-content" markdown="1">

| Item | Type | Acts | Reach | Channels |
| --- | --- | ---: | ---: | --- |
| Domestic abuse: children are victims too | briefing | 2 | 3 | Website, Email alert |
| Agency Roles and Responsibilities (June 2024) | procedure | 1 | - | Website |
| Allegations Against Persons who Work with Children (December 2020) | procedure | 1 | - | Website |
| Amendment to process following presentation of non-mobile baby with injuries to GP (Calderdale only) (December 2024) | procedure | 1 | - | Website |
| Bullying (December 2020) | procedure | 1 | - | Website |
| Child Abuse and Information Communication Technology (December 2024) | procedure | 1 | - | Website |
| Child exploitation and risk outside the home | briefing | 1 | - | Website |
| Child Exploitation: Policy, Procedures and Guidance (December 2024) | procedure | 1 | - | Website |
| Child Exploitation: Policy, Procedures and Guidance (June 2020) | procedure | 1 | - | Website |
| Children from Abroad, including Victims of Modern Slavery, Trafficking and Exploitation (December 2024) | procedure | 1 | - | Website |
| Children from Abroad, including Victims of Modern Slavery, Trafficking and Exploitation (June 2020) | procedure | 1 | - | Website |
| Children Missing from Education (June 2020) | procedure | 1 | - | Website |
| Children Visiting Prisons (June 2020) | procedure | 1 | - | Website |
| Children Visiting Psychiatric Wards and Facilities (June 2020) | procedure | 1 | - | Website |
| Dangerous Dogs and Safeguarding Children (December 2024) | procedure | 1 | - | Website |
| Domestic Abuse (December 2024) | procedure | 1 | - | Website |
| Domestic abuse: children are victims too | briefing | 1 | - | Website |
| Elective Home Education (December 2020) | procedure | 1 | - | Website |
| Escalation: resolving professional differences | briefing | 1 | - | Website |
| Female Genital Mutilation (FGM) (December 2024) | procedure | 1 | - | Website |
| Female Genital Mutilation (FGM) (June 2020) | procedure | 1 | - | Website |
| Female Genital Mutilation (FGM) (June 2024) | procedure | 1 | - | Website |
| Forced Marriage (June 2024) | procedure | 1 | - | Website |
| ICON: helping parents cope with a crying baby | briefing | 1 | - | Website |
| Information Sharing (December 2020) | procedure | 1 | - | Website |
| Information Sharing (December 2024) | procedure | 1 | - | Website |
| Interpersonal Violence and Abuse (IPVA) Young People''s Relationships West Yorkshire Practice Guidance (December 2020) | procedure | 1 | - | Website |
| Invisible men: injuries to non-mobile babies | briefing | 1 | - | Website |
| MAPPA (June 2024) | procedure | 1 | - | Website |
| Neglect: using the new neglect toolkit | briefing | 1 | - | Website |
| Non Mobile Baby Pathway Flowchart (Calderdale Only) (December 2024) | procedure | 1 | - | Website |
| Parental mental health: seeing the child''s experience | briefing | 1 | - | Website |
| Pre Birth (June 2024) | procedure | 1 | - | Website |
| Professional curiosity: asking the next question | briefing | 1 | - | Website |
| Recognising Abuse and Neglect (June 2024) | procedure | 1 | - | Website |
| Safer Recruitment, Selection and Supervision of Staff (December 2020) | procedure | 1 | - | Website |
| Safer Recruitment, Selection and Supervision of Staff (December 2024) | procedure | 1 | - | Website |
| Safer sleep: reducing the risk of SUDI | briefing | 1 | - | Website |
| Single Assessment (June 2020) | procedure | 1 | - | Website |
| Was Not Brought: when children miss health appointments | briefing | 1 | - | Website |
| West Yorkshire Safer Sleep Protocol Guidance: for professionals working with families where there is a child aged up to 12 months (December 2024) | procedure | 1 | - | Website |

</div>
</div>
');
INSERT INTO "meta" VALUES('dissemination_page_key','2027-01|42:9e367c8ee1eaf13db001ca651a4943ae482676cb1d3b3232de085160a42f1b90|116a1a9c4b009e16|ca49f8ea83190934c6d113e064eb0a95cf0fd7c68e706e08c9791c7285c76439');
INSERT INTO "meta" VALUES('site_fingerprint','3ddd15f8c1b5c74b5eb5edd876cba80530b828595291b83fc30d4c4d36abaa08');
INSERT INTO "meta" VALUES('log_head','47:138b105fd1e27897f841c1a82bb77280e7e54e9b01243f01d06b2a8251ee9b21');
INSERT INTO "meta" VALUES('mail_epoch','2026-11-20T12:00:00+00:00');
INSERT INTO "meta" VALUES('mail_signing_key','zObKCTAKC7sTbZ1qO0kKpEw1QxqbzUMywgYnKx9VzF4');
INSERT INTO "meta" VALUES('mail_last_digest','digest-2026-12-28');
CREATE TABLE national_updates (
    id            TEXT PRIMARY KEY,
    feed          TEXT NOT NULL,
    dedupe_key    TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    link          TEXT NOT NULL,
    summary_html  TEXT NOT NULL,
    published     TEXT NOT NULL,
    updated       TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    edited        INTEGER NOT NULL DEFAULT 0,
    edited_at     TEXT,
    shown_at      TEXT
);
INSERT INTO "national_updates" VALUES('nu-837bc4b28857','Panel','guid:tag:www.gov.uk,2005:/government/publications/child-safeguarding-practice-review-panel-annual-report-2023-to-2024','Child Safeguarding Practice Review Panel: annual report 2023 to 2024','https://www.gov.uk/government/publications/child-safeguarding-practice-review-panel-annual-report-2023-to-2024','<p>This report summarises the panel''s work between April 2023 and March 2024, including the themes from serious incident notifications.</p>','','2024-11-28T09:30:05+00:00','b0d0e0aa9328','2026-11-23T12:00:00+00:00',0,NULL,'2027-01-01T09:30:00+00:00');
INSERT INTO "national_updates" VALUES('nu-3db6ea2ad720','Panel','guid:tag:www.gov.uk,2005:/government/publications/safeguarding-children-with-disabilities-in-residential-settings','Safeguarding children with disabilities and complex health needs in residential settings','https://www.gov.uk/government/publications/safeguarding-children-with-disabilities-in-residential-settings','<p>Phase 2 of the national review: findings and <strong>recommendations</strong> for commissioners and providers.</p>','','2024-04-23T09:00:00+00:00','9963b942d706','2026-11-23T12:00:00+00:00',0,NULL,'2027-01-01T09:30:00+00:00');
INSERT INTO "national_updates" VALUES('nu-693a3e97dd02','Panel','guid:tag:www.gov.uk,2005:/government/publications/safeguarding-children-under-1-from-non-accidental-injury-caused-by-male-carers','The myth of invisible men: safeguarding children under 1 from non-accidental injury caused by male carers','https://www.gov.uk/government/publications/safeguarding-children-under-1-from-non-accidental-injury-caused-by-male-carers','A national review of serious incidents involving babies and the men who care for them.','','2021-09-14T23:00:00+00:00','72862fe654e3','2026-11-23T12:00:00+00:00',0,NULL,'2027-01-01T09:30:00+00:00');
CREATE TABLE published (
    item_id      TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    version      TEXT NOT NULL,
    rel          TEXT NOT NULL,
    source       TEXT NOT NULL,
    first_published TEXT NOT NULL,
    last_changed TEXT NOT NULL
);
INSERT INTO "published" VALUES('domestic-abuse-children-as-victims','briefing','5158e8972cea','content/briefings/domestic-abuse-children-as-victims.md','---
id: domestic-abuse-children-as-victims
title: "Domestic abuse: children are victims too"
date: 2025-11-04
status: ready
summary: Children who see, hear or live with domestic abuse are victims in their own right. Our audit shows what works well locally and where we still need to improve.
themes: [domestic-abuse, voice-of-the-child]
audience: [all-practitioners, police, health, education, social-care]
source:
  type: multi-agency-audit
  title: "Children who are victims of domestic abuse: multi-agency audit (2024)"
review_by: 2027-11-04
---

## Background

The Domestic Abuse Act 2021 says that a child who sees, hears or lives with domestic abuse is a victim. They do not need to be hurt directly.

Domestic abuse is a key priority for our partnership. It comes up again and again in our reviews. In an earlier audit of families with new babies, it was present in 13 out of 14 homes.

We have looked closely at how children affected by domestic abuse are found, assessed and kept safe. This included case audits, learning from Domestic Homicide Reviews and a detailed self-assessment.

## Why it matters

Living with domestic abuse can affect a child''s sense of safety, sleep, learning, behaviour and mental health. The harm can last into adult life.

Babies and young children are at high risk. They cannot leave, and they cannot tell anyone what is happening.

Children can also be drawn into the abuse. An abuser may use them to control the other parent.

## Information

### What is working well

- Agencies work together closely and do not give up easily.
- MARAC meetings are well attended by a wide range of services.
- Safety plans and risk assessments are used well.
- Staff seek consent and include the child''s views in decisions.
- Specialist teams, such as the families intervention team and independent domestic violence advisers, offer caring, trauma-informed support.

### What needs to improve

- Meetings need to be more consistent. This includes sending out notes, tracking actions and inviting the right people.
- Records need clearer language, especially about risk and about the person causing harm.
- We need better ways to reach victims who do not respond.
- We need a stronger focus on holding abusers to account, including when they leave prison.
- Health staff and schools need to be involved in safety plans earlier.

### Changes to MARAC

The MARAC process has been improved. Risk plans are now clearer. Outcomes reach the right agencies faster.

We are also looking at what should happen when risk suddenly rises. Examples include a victim taking back a statement or an abuser being released from custody.

## What we learned

- Children need to be seen and heard in their own right, not only as part of the adult''s case.
- Past history matters. Looking back helps us spot patterns and growing risk.
- Separation does not always mean safety. Abuse can continue or get worse after a couple split up.
- Every agency holds part of the picture. Schools and health staff often see the child most.
- The person causing harm must be visible in our work and our records.

## Questions to consider

- Have you spoken to the child on their own about life at home?
- What does the child see and hear on a normal day?
- Do you know who is causing harm, and what agencies know about them?
- Does the school know about the abuse, and is it part of the safety plan?
- Has anything changed recently that could raise the risk?
- How do you record the abuse in a way that does not blame the victim?

## What you should do

- Ask about domestic abuse routinely and safely, when the person is on their own.
- See the child as a victim. Record their views, feelings and daily experience.
- Use a recognised risk assessment. Refer high-risk cases to MARAC.
- Share information with schools and health staff so they can support the child.
- Name the person causing harm in your records, and describe their behaviour clearly.
- Watch for changes in risk, such as release from prison or a withdrawn statement. Act quickly.
- Refer children to specialist support that helps them understand and talk about their experiences.
- Keep your domestic abuse training up to date.

## Further information

- [Domestic abuse procedure](https://procedures.example.org.uk/chapters/domestic-abuse).
- [Domestic Abuse Act 2021 on legislation.gov.uk](https://www.legislation.gov.uk/ukpga/2021/17/contents).
- [Local domestic abuse support services](https://www.example.org.uk/domestic-abuse-support).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('escalation-resolving-professional-differences','briefing','c3aa128f3286','content/briefings/escalation-resolving-professional-differences.md','---
id: escalation-resolving-professional-differences
title: "Escalation: resolving professional differences"
date: 2024-09-10T09:00
status: ready
summary: Our updated dispute resolution process explains how to raise and settle disagreements between agencies quickly, with the child kept at the centre.
themes: [escalation, child-protection]
audience: [all-practitioners, dsl-network]
source:
  type: guidance
  title: "Dispute Resolution Process (2024)"
  url: https://www.example.org.uk/procedures/dispute-resolution-process
review_by: 2026-09-10
---

## Background

Professionals will not always agree. That is normal and healthy in safeguarding work.

What matters is what happens next. A disagreement left unresolved can leave a child at risk.

In 2024 we updated our dispute resolution process, which many people call the escalation protocol. We did this with the Safeguarding Adults Board, so the same approach works for children and adults.

## Why it matters

Reviews keep finding the same thing. Staff had concerns, but they did not push them far enough or fast enough.

This has come up in reviews of serious harm to children, in reviews of adult deaths and in Domestic Homicide Reviews. In some cases, someone knew a decision felt wrong but did not know how to challenge it.

Our learning on injuries to babies also asks every agency to have clear routes for raising concerns when risk is rising.

## Information

### What has changed

- The process now sets out clear steps to follow.
- There is a new template to record each dispute, the actions taken and the outcome.
- We share the process in training, newsletters and subgroup meetings.

### When to use it

Use the process when you disagree with another agency about:

- Whether a child needs a referral or an assessment.
- The level of need or risk.
- A decision to close a case or step it down.
- Whether a plan is working.
- How information is being shared.

### The usual steps

1. Talk directly to the practitioner involved. Explain your concern and listen to theirs.
2. If that does not settle it, involve your line manager and theirs.
3. If it is still not resolved, pass it to senior managers or safeguarding leads in each agency.
4. As a final step, the partnership business team can help bring senior leaders together.

At any stage, if a child is in immediate danger, act at once. Call the police or make an urgent referral.

## What we learned

- Escalation works best when it starts early and is done in person or by phone.
- Staff are more confident when they know the steps and have a template to use.
- Challenge between partners leads to real change. In one example, police raised concerns about children waiting in police stations late on Fridays. Children''s services set up a new pathway and an on-call foster carer.
- Where disputes keep happening, reflective sessions with staff from each agency help to find the cause and agree a better way.

## Questions to consider

- Do you know the escalation steps for your agency?
- Have you ever held back a concern because you did not want to cause conflict?
- How do you record a disagreement and its outcome?
- How quickly would you move to the next step if nothing changed?
- Who in your team can support you to challenge?

## What you should do

- Read the dispute resolution process and keep a copy to hand.
- Raise concerns early. Be clear, respectful and focused on the child.
- Put your concerns in writing after any conversation.
- Use the template to record each step and the outcome.
- Move to the next step quickly if things do not improve.
- Tell your manager or DSL when you escalate.
- Remember that escalation is about the child, not about winning an argument.

## Further information

- [Dispute resolution process and template](https://www.example.org.uk/procedures/dispute-resolution-process).
- [Continuum of need and threshold guidance](https://www.example.org.uk/guidance/continuum-of-need).
- [Working Together to Safeguard Children 2023](https://www.gov.uk/government/publications/working-together-to-safeguard-children--2).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('exploitation-risk-outside-home','briefing','4f988f69cf74','content/briefings/exploitation-risk-outside-home.md','---
id: exploitation-risk-outside-home
title: "Child exploitation and risk outside the home"
date: 2025-09-16
status: ready
summary: Some young people are harmed by people and places outside their family. This briefing shares local learning on exploitation, serious youth violence and children who go missing.
themes: [exploitation, voice-of-the-child]
audience: [all-practitioners, police, education, social-care, voluntary-sector]
source:
  type: multi-agency-audit
  title: "Serious youth violence and return home conversations: multi-agency audits (2024)"
review_by: 2027-03-16
---

## Background

Most harm to children happens at home. But as children grow older, risk can also come from outside the family.

This can include harm from peers, adults in the community, gangs or people online. It can happen in parks, shops, transport hubs, schools or flats used by criminals.

Working in this way is sometimes called contextual safeguarding. It means looking at the places and groups that shape a young person''s safety, not just their family.

Our partnership has a workstream on risk and vulnerability in adolescence. It brings together police, schools, health, youth justice, social care and the voluntary sector.

## Why it matters

Children who are exploited are victims, even when they are also involved in crime.

Exploitation can take many forms, including CSE and CCE. Locally, more girls are referred for sexual exploitation and more boys for criminal exploitation. But any child can be exploited.

Young people at risk outside the home often have other needs too. These can include missing school, mental health needs or going missing from home or care.

## Information

### What we now track

We collect data on knife crime, sexual exploitation, missing episodes, school exclusions and harmful sexual behaviour. We also track young people who attend hospital because of drugs or alcohol.

### What the audits found

We audited work with young people known to the youth justice service. It found good practice in these areas.

- The use of chronologies and risk tools.
- Sharing information between agencies.
- Listening to the young person.
- Meeting the needs of young people who are neurodivergent.

We also audited return home conversations after a child goes missing. These were the main findings.

- Two thirds of young people took part face to face.
- Young people were offered a conversation on time wherever possible.
- Trust grew through seeing the same worker, being treated with respect and having flexible ways to meet.

### What young people told us

A survey asked young people about knife crime. Most said they felt safe. Those who carried knives mostly said it was for protection. Friends and family often had an influence.

Young people asked for better education, family support and more visible safety in their community.

## What we learned

- Relationships are key. Young people open up to workers they know and trust.
- Flexibility helps. Meeting young people where they feel comfortable makes a difference.
- National rules on exclusions and home education can reduce how often professionals see some young people.
- Information from young people themselves should shape how we prevent harm.
- The move into adulthood is a time of high risk. Support should not stop suddenly at 18.

## Questions to consider

- Do you know the places and people that make this young person feel unsafe?
- Has the young person had new clothes, phones or money with no clear source?
- Are they missing school or going missing from home?
- Who are their friends, and has this changed recently?
- Are you seeing the young person as a victim, even if they are also causing harm?
- Have you shared what you know with the police and the exploitation team?

## What you should do

- Use the West Yorkshire child exploitation procedures and local screening tools.
- Share information early. Small pieces of intelligence can help build a picture.
- Use language that does not blame the child. Avoid phrases like "putting themselves at risk".
- Make sure every child who goes missing is offered a return home conversation.
- Think about the places where harm is happening, and who can make them safer.
- Keep young people in education wherever possible. Raise concerns early if a child is at risk of exclusion.
- Plan ahead for young people turning 18. Involve adult services in good time.

## Further information

- [West Yorkshire child exploitation procedures](https://procedures.example.org.uk/chapters/child-exploitation).
- [Risk and vulnerability in adolescence strategy](https://www.example.org.uk/strategies/risk-and-vulnerability-in-adolescence).
- [Child Safeguarding Practice Review Panel national reports](https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('icon-coping-with-crying','briefing','8054ca339035','content/briefings/icon-coping-with-crying.md','---
id: icon-coping-with-crying
title: "ICON: helping parents cope with a crying baby"
date: 2025-02-04
status: ready
summary: Learning from the review of Baby S has led to a relaunch of ICON. Every practitioner who meets parents or carers of young babies can share its four simple messages.
themes: [non-accidental-injury, early-help]
audience: [all-practitioners, health, early-years]
source:
  type: cspr
  title: "Child Safeguarding Practice Review: Baby S"
review_by: 2027-02-04
---

## Background

Crying is the most common trigger for a baby being shaken. Shaking can cause serious brain injury or death.

Across the country, severe head injury from shaking is the most common cause of death from physical abuse in young children. An average hospital may see a case every one or two years.

ICON is a short programme that helps parents and carers cope with crying. It was first brought in across our area from December 2020. We have now relaunched it after learning from the review of Baby S.

## Why it matters

Every parent can feel stressed by crying. Most never harm their baby. But the risk grows when an adult is tired, alone, under pressure or struggling to manage their feelings.

Crying often peaks at around six to eight weeks. Some babies cry for hours each day. This is normal, but it is hard to live with.

A short talk about crying, given at the right time, can prevent a tragedy.

## Information

### The four ICON messages

The name ICON comes from four short messages.

- Infant crying is normal.
- Comforting methods can help.
- It''s okay to walk away if you feel stressed. Put the baby down safely and take a few minutes to calm down.
- Never, ever shake a baby.

### How ICON has been shared

- At first, midwives, health visitors and GP practices gave out leaflets and posters.
- Then social care, family support, police, pharmacists, children''s centres and voluntary groups joined in.
- The messages also appeared on billboards, buses and bin lorries.

### What our audit found

We checked how well ICON is being delivered. Midwives, health visitors, GP practices and perinatal mental health teams are sharing the messages as a matter of routine.

There were two main gaps:

- ICON was not always given in the same way by every service.
- The messages did not always reach fathers, partners and other carers.

Each agency now has an action plan to close these gaps.

## What we learned

- The person most likely to shake a baby may not be the person we speak to. We must reach every adult who cares for the baby.
- One conversation is not enough. Messages need repeating at key points, such as after the birth and around six weeks.
- Parents need a plan for what to do when they feel they cannot cope.
- Stress from money worries, poor housing, mental health or domestic abuse can add to the risk.

## Questions to consider

- Do you talk about crying with every parent or carer of a young baby you meet?
- Have you spoken to the father or other male carer as well as the mother?
- Does the family have someone they can call when they feel stressed?
- Do you know where to find ICON leaflets in other languages?
- How would you spot a parent who is close to breaking point?

## What you should do

- Share the four ICON messages with every parent and carer of a baby, including fathers, partners and grandparents.
- Ask how they feel when the baby cries, and what they do.
- Help them make a simple coping plan. It might name a person to call and a safe place to put the baby down.
- Record that you have shared ICON and who you shared it with.
- If you are worried about how a parent is coping, offer support and tell your safeguarding lead.
- If you see any injury on a non-mobile baby, follow the non-mobile baby pathway straight away.

## Further information

- [ICON: babies cry, you can cope](https://iconcope.org).
- [Non-mobile baby pathway flowchart](https://procedures.example.org.uk/chapters/non-mobile-baby-pathway-flowchart).
- [Family hub support for new parents](https://www.example.org.uk/family-hubs).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('invisible-men-non-mobile-babies','briefing','d0b19d5b7491','content/briefings/invisible-men-non-mobile-babies.md','---
id: invisible-men-non-mobile-babies
title: "Invisible men: injuries to non-mobile babies"
date: 2024-10-15
status: ready
summary: Learning from local reviews about babies who were hurt by a carer, and why we must see, assess and involve every man in a baby''s life.
themes: [non-accidental-injury, professional-curiosity]
audience: [all-practitioners, health, social-care]
source:
  type: cspr
  title: "CSPR learning briefing: non-accidental injury to babies"
updated: 2025-01-20
change: major
change_note: Added the new non-mobile baby pathway and the changed process for injuries seen by a GP, both from December 2024.
review_by: 2026-10-15
---

## Background

Babies under one are the most at risk of serious harm from abuse. They cannot move about on their own, so any bruise or mark needs a clear explanation.

Our local reviews of babies who were badly hurt keep finding the same gap. Services knew the mother well. They knew much less about the father, the mother''s new partner or other men in the home.

National research points the same way. Men who hurt babies are often "invisible" to services, even when they live in the home or visit often.

## Why it matters

If we do not know who is caring for a baby, we cannot judge the risk to that baby.

A man can be a source of risk. He can also be a source of safety and support. Either way, we need to know him.

Some of the families in our reviews had no past contact with children''s services. This makes it harder to spot risk early. It also means every contact counts.

## Information

Our audit of families with a new baby found that:

- Domestic abuse was present in 13 out of 14 families.
- A pre-birth assessment had not been done in most cases.
- In 6 families, at least one parent had been known to child protection services as a child.
- Some parents said they had split up, and this was taken as a sign of safety without checking.

Practitioners told us that many record systems only hold one partner. They do not show a history of partners over time.

### New pathway for non-mobile babies

Since December 2024 there is a multi-agency protocol for non-mobile babies with injuries. A local flowchart shows each step and who does what. It aims to cut delays in getting a baby assessed.

There is also a changed process for when a GP sees a non-mobile baby with an injury. The GP should not wait or "watch and see". They should follow the pathway straight away.

## What we learned

- **Invisible men.** Fathers and male carers were not always seen, named or assessed.
- **Curiosity.** Practitioners did not always ask who else lived in the home or cared for the baby.
- **The child''s view.** Assessments did not always show what daily life was like for the baby.
- **Joined-up services.** Adult services for domestic abuse, mental health and drug or alcohol use did not always share what they knew.
- **Escalation.** Staff were not always clear how to raise concerns when risk was rising.
- **Families who do not engage.** When parents avoided services, this was not always seen as a sign of rising risk.

## Questions to consider

- Do you know the name, age and role of every adult who cares for the baby?
- Have you met the father or male carer yourself?
- Have you checked what other services know about him?
- If parents say they have split up, how do you know this is true?
- What would a day in this baby''s life look like?
- Would you spot a bruise on a baby who cannot yet roll or crawl?

## What you should do

- Ask about every man in the baby''s life at each contact. Record his full details.
- Invite fathers and male carers to visits and meetings. Plan times that make this possible.
- Use a family tree or genogram to show who is in the family over time.
- Treat any injury to a non-mobile baby as a safeguarding concern. Follow the non-mobile baby pathway at once.
- Share what you know with other services. Ask them what they know.
- Use the "day in the life" approach to keep the baby at the centre of your work.
- If you are worried that risk is not being acted on, use the escalation process.
- If parents do not engage, see this as a possible warning sign. Act within the baby''s timescale, not the adult''s.

## Further information

- [Non-mobile baby pathway flowchart](https://procedures.example.org.uk/chapters/non-mobile-baby-pathway-flowchart).
- [Hidden men and significant others safeguard guide](https://www.example.org.uk/guides/hidden-men).
- [Working with hostile and resistant families guidance](https://www.example.org.uk/guides/hostile-and-resistant-families).
- [Child Safeguarding Practice Review Panel national reports](https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('neglect-toolkit','briefing','fad522886608','content/briefings/neglect-toolkit.md','---
id: neglect-toolkit
title: "Neglect: using the new neglect toolkit"
date: 2024-05-21
status: ready
summary: Our new neglect toolkit helps practitioners spot neglect early, measure it clearly and agree what needs to change. It was shaped by learning from reviews and audits.
themes: [neglect, early-help]
audience: [all-practitioners, early-years, education, health]
source:
  type: guidance
  title: "CSCP Neglect Toolkit (2024)"
  url: https://www.example.org.uk/toolkits/neglect-toolkit
review_by: 2026-05-21
---

## Background

Neglect is the most common reason for a child to need a child protection plan in England. It is also one of the hardest forms of harm to spot.

Neglect rarely shows up as one clear event. It builds slowly, over weeks, months or years.

In May 2024 we launched a new neglect toolkit. We first shared it at a local event about tackling poverty. It replaces our older tools and is for use by all agencies.

## Why it matters

Neglect can harm every part of a child''s life. It can affect their health, growth, learning, friendships and mental health.

The effects can last into adult life. The earlier we act, the better the outcome for the child.

Poverty is not the same as neglect. But the pressures of poverty can make it harder for parents to meet their child''s needs. In our area, more than three in ten children live in poverty. In some places the rate is much higher.

## Information

### What the toolkit does

- It helps you describe what you see in plain, shared words.
- It looks at all areas of a child''s needs, such as food, health, safety, home and love.
- It helps you measure how things are now, and whether they change over time.
- It includes the child''s own view and the parent''s view.
- It links to our threshold guidance, so you know what help to offer.

### Who should use it

Anyone working with a family where there may be neglect. This includes schools, nurseries, health visitors, school nurses, housing staff, family support and social workers.

### How it has helped

Audits show that social workers have used the toolkit well to speak up for children. It helps them show clearly why a child needs more help.

## What we learned

Our reviews and audits showed that:

- Many agencies saw signs of neglect, but each saw only a small part.
- Concerns were not always written down in a way others could understand.
- Plans sometimes drifted, with little change for the child.
- In one case, a very underweight baby was not identified quickly enough.
- Staff found it hard to tell the difference between poverty and neglect.

The toolkit is designed to tackle each of these problems.

## Questions to consider

- What does a normal day look like for this child?
- Which of the child''s needs are being met, and which are not?
- Has anything changed since you first became worried?
- Are you seeing the same worries again and again?
- Do other services share your concerns?
- Is poverty part of the picture? What practical help could make a difference?
- Have you asked the child what they think?

## What you should do

- Use the toolkit when you first have worries about neglect.
- Use it again at regular points to see if things have changed.
- Share the findings with the family in a clear and respectful way.
- Share the findings with other agencies, with consent where possible.
- Offer early help and practical support, such as food, clothing or help with debts.
- Be clear with the family about what needs to change, and by when.
- If things do not improve, or the child is at risk of significant harm, make a referral.
- Book onto the neglect training to learn how to use the toolkit well.

## Further information

- [Neglect toolkit](https://www.example.org.uk/toolkits/neglect-toolkit).
- [Continuum of need and threshold guidance](https://www.example.org.uk/guidance/continuum-of-need).
- [Recognising abuse and neglect procedure](https://procedures.example.org.uk/chapters/recognising-abuse-and-neglect).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('parental-mental-health','briefing','ccfba899caf8','content/briefings/parental-mental-health.md','---
id: parental-mental-health
title: "Parental mental health: seeing the child''s experience"
date: 2026-03-10T09:30
status: ready
summary: When a parent is unwell, children can quietly take the strain. Learning from our audit shows how a shared tool and joined-up working can protect children and support the whole family.
themes: [mental-health, voice-of-the-child]
audience: [all-practitioners, health, social-care, education]
source:
  type: multi-agency-audit
  title: "The impact of parental mental health on children: multi-agency audit"
  url: https://www.example.org.uk/audits/parental-mental-health
review_by: 2027-09-10
---

## Background

Many parents live with mental ill health and care for their children well. Having a mental health need does not make someone a poor parent.

But when a parent is very unwell, or does not get the right help, children can be affected. They may miss school, care for the parent or live with fear and confusion.

Parental mental health was a theme in one of our local reviews of serious harm to a child. After that review, we produced a tool and guidance to help staff assess the impact on children. We then carried out an audit to see how well this was working.

## Why it matters

Adult services may focus on the parent and not see the child. Children''s services may not fully understand the parent''s illness. The child can fall into the gap between the two.

Our learning from reviews into injuries to babies asks adult and children''s services to work much more closely. This includes mental health, drug and alcohol, and domestic abuse services.

Working with adults'' and children''s services together is often called a "Think Family" approach.

## Information

### What the audit found

We spoke to 80 practitioners. Most understood what was expected of them and knew where to find tools and training. They gave many examples of how their work had helped children.

- A worker helped a parent get a clearer diagnosis. The parent''s mood settled, and their teenager spent more time at home and stopped offending.
- A practitioner noticed a change in a young child''s behaviour. The mother shared that she had postnatal depression. She accepted family support, and the child''s behaviour improved.
- A worker kept pushing for a care leaver to get an adult mental health appointment. This led to specialist care and a proper plan.
- Staff used the local assessment tool and found the family had few strengths to rely on. They worked on building these up.

### What needed to improve

- Not all staff knew about the assessment tool or how to use it.
- Staff were not always sure about referral routes or where to get specialist advice.
- Adult mental health services and children''s services did not always talk to each other.

## What we learned

- A shared tool gives everyone the same language to describe risk and strengths.
- Persistence pays off. Families can get stuck between services unless someone keeps pushing.
- Children may be young carers. They may hide how much they are doing at home.
- Good support for the parent is often the best support for the child.

## Questions to consider

- Do you know if the adults you work with have children, or care for children?
- What does a day look like for the child when the parent is unwell?
- Who looks after the child if the parent needs to go into hospital?
- Does the child understand what is happening? Who explains it to them?
- Is the child doing caring tasks at home?
- Are adult and children''s services talking to each other about this family?

## What you should do

- Always ask adult patients and clients if they have children or care for any.
- Use the local tool to assess the impact of parental mental health on children.
- Speak to the child. Find out how they feel and what would help.
- Share information between adult and children''s services, with consent where possible.
- Check if a child may be a young carer, and offer a referral for support.
- Plan ahead for times when the parent may be unwell, including a hospital stay.
- If children visit a parent in a mental health ward, follow the procedure on children visiting psychiatric wards.
- If you are worried a child is at risk of harm, follow your safeguarding procedures.

## Further information

- [Parental mental health guidance and assessment tool](https://www.example.org.uk/toolkits/parental-mental-health).
- [Children visiting psychiatric wards and facilities procedure](https://procedures.example.org.uk/chapters/children-visiting-psychiatric-wards).
- [Support for young carers](https://www.example.org.uk/young-carers).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('professional-curiosity','briefing','32c8fe3e5930','content/briefings/professional-curiosity.md','---
id: professional-curiosity
title: "Professional curiosity: asking the next question"
date: 2024-06-18
status: ready
summary: Why safeguarding reviews keep asking us to be more curious, and simple ways to check, question and think again about what we are told.
themes: [professional-curiosity, voice-of-the-child]
audience: [all-practitioners]
source:
  type: guidance
  title: "Professional Curiosity and Challenge Safeguard Guide"
  url: https://www.example.org.uk/guides/professional-curiosity-and-challenge
review_by: 2025-06-01
---

## Background

Professional curiosity means not taking things at face value. It means asking the next question, checking what you are told and thinking about what you might be missing.

Almost every local and national review mentions it. Our own reviews of serious harm to children have found that staff often had a piece of the picture. They did not always ask enough to see the whole of it.

## Why it matters

Families may not tell us the full story. Some are afraid. Some are ashamed. A few hide the truth on purpose.

Children may not be able to tell us at all. Babies, young children and disabled children depend on adults noticing for them.

When we accept an account without checking, risk can grow out of sight. When we are kindly curious, we often find the help a family really needs.

## Information

When we checked how well past learning had stuck, staff from many agencies spoke about the professional curiosity and challenge guide. One team said it was "massively helpful". It gave them the confidence to ask hard questions.

An audit of children with SEND referred to our front door team found good practice. It also found room to grow. These were the main gaps.

- Risk assessments were not always complete.
- Contact with referrers and health staff could have been better.
- Where there were worries about exploitation, the child''s voice was not always fully heard.
- It was not always clear from records that a child had SEND.

The audit said that stronger professional curiosity would help close each of these gaps.

Our learning from reviews into injuries to babies also asks for curiosity and challenge to be part of every risk assessment.

## What we learned

### Curiosity is a skill, not a personality

Anyone can learn it. It grows with practice, good supervision and time to reflect.

### "Disguised compliance" is real

Some parents agree to everything but nothing changes. Watch what happens, not just what is said.

### Look for the gaps

The most important fact is often the one nobody has asked about. Think about who is missing from the story.

### Hold two ideas at once

You can build a warm, trusting relationship and still check what you are told. The two go together.

### Challenge is part of the job

Questioning a colleague or another agency is not rude. It is how we keep children safe.

## Questions to consider

- What do I know, and how do I know it?
- Have I seen it for myself, or only been told?
- Who else lives in, visits or cares for the child?
- Does what I see match what I am told?
- What would the child say if I asked them?
- Why might this family not be telling me everything?
- What would change my mind?

## What you should do

- Ask open questions, such as "Tell me about a normal day.".
- See the child, and where possible see them on their own.
- Look around the home. Notice sleeping places, food and signs of other adults.
- Check what you are told with other agencies and with records.
- Be curious about fathers, partners and other adults, not just the main carer.
- Think about how trauma or fear might shape what a parent tells you.
- Write down what you saw, what you were told and what you still need to find out.
- Talk it through in supervision. Ask, "What am I missing?".
- If you think something is wrong and it is not being acted on, use the escalation process.

## Further information

- [Professional curiosity and challenge safeguard guide](https://www.example.org.uk/guides/professional-curiosity-and-challenge).
- [Hidden men and significant others safeguard guide](https://www.example.org.uk/guides/hidden-men).
- [Multi-agency safeguarding training programme](https://www.example.org.uk/training).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('safer-sleep-sudi','briefing','bbf3cc001458','content/briefings/safer-sleep-sudi.md','---
id: safer-sleep-sudi
title: "Safer sleep: reducing the risk of SUDI"
date: 2024-12-09
status: ready
summary: Most sudden infant deaths linked to unsafe sleep happen when normal routines break down. This briefing sets out the new West Yorkshire safer sleep guidance and what every practitioner can do.
themes: [safer-sleep, neglect]
audience: [all-practitioners, health, early-years, social-care]
source:
  type: national-panel
  title: "Out of routine: a review of sudden unexpected death in infancy in families where children are at risk of significant harm"
  url: https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel
updated: 2025-06-10
change: minor
review_by: 2026-06-09
---

## Background

SUDI means the sudden and unexpected death of an infant. Deaths like this have fallen a great deal since the 1990s. Even so, around 300 babies still die this way each year in England and Wales.

The deaths now happen mostly in families facing poverty and other pressures. Many of the same risk factors are also linked to abuse and neglect.

In December 2024 a new West Yorkshire safer sleep protocol was added to our procedures. It is for anyone working with families who have a baby up to 12 months old.

## Why it matters

Over a five-year period, eight babies in our area died suddenly where unsafe sleep was a factor that could have been changed.

The national review "Out of routine" looked at babies who died suddenly in families already known to services. It found that many deaths happened when the usual routine was broken. Examples include a night away from home, a party, illness or a family crisis.

Parents in these families had often heard safer sleep advice. The advice was not always followed when things changed.

## Information

### The key safer sleep messages

- Put the baby on their back to sleep, every time.
- Use a clear, flat, firm cot or Moses basket with no pillows, bumpers or toys.
- Keep the baby in the same room as you for the first six months.
- Keep the baby''s space smoke-free, before and after birth.
- Do not let the baby get too hot.
- Never sleep with a baby on a sofa or armchair.
- Do not share a bed with a baby if any adult has drunk alcohol, taken drugs or smokes.
- Do not share a bed with a baby who was born early or small.

### What is happening locally

- Every Sleep a Safe Sleep training is now part of midwifery training.
- More than 90 early years staff have been trained.
- A refreshed webinar is available for all staff.
- A campaign has focused on the risks when routines change.
- The pre-birth procedure now includes a section on safe sleeping.
- Local health staff are building a tool to help assess sleep risks, because there is no national one.

## What we learned

- Giving advice once is not enough. Families need to hear it more than once and from more than one person.
- Advice must cover the "what ifs", such as staying with relatives or a baby who will not settle.
- Risk is higher when there is drug or alcohol use, domestic abuse, poor mental health or unsuitable housing.
- Fathers, partners and grandparents also put babies to bed. They need the advice too.
- Safer sleep is everyone''s business, not only a job for midwives and health visitors.

## Questions to consider

- Where does the baby sleep, and where did they sleep last night?
- What happens when the family stays somewhere else?
- Who else cares for the baby overnight?
- Is anyone in the home drinking, using drugs or very tired?
- Does the family have a safe cot? If not, can you help them get one?
- Have you seen the sleeping space yourself?

## What you should do

- Ask about sleep at every contact with a family with a baby. It only takes a minute.
- Look at where the baby sleeps when you visit the home.
- Talk through a plan for nights away, holidays and family events.
- Include fathers, partners and other carers in the conversation.
- Record what you discussed and what the family plans to do.
- Use the West Yorkshire safer sleep protocol if you have concerns.
- If a family cannot keep their baby safe at night, discuss it with your safeguarding lead and share your concerns.

## Further information

- [West Yorkshire safer sleep protocol](https://procedures.example.org.uk/chapters/safer-sleep-protocol).
- [Every Sleep a Safe Sleep webinar for practitioners](https://www.example.org.uk/training/every-sleep-a-safe-sleep).
- [Safer sleep advice for parents from The Lullaby Trust](https://www.lullabytrust.org.uk).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('was-not-brought','briefing','57cf65d1fd00','content/briefings/was-not-brought.md','---
id: was-not-brought
title: "Was Not Brought: when children miss health appointments"
date: 2025-05-13
status: ready
summary: Children depend on adults to get them to appointments. A missed appointment can be an early sign of neglect or rising risk, so it should always lead to a follow-up.
themes: [was-not-brought, neglect]
audience: [all-practitioners, health, education, early-years]
source:
  type: guidance
  title: "Was Not Brought Safeguard Guide"
  url: https://www.example.org.uk/guides/was-not-brought
review_by: 2026-11-13
---

## Background

When an adult misses an appointment, we say they "did not attend". When a child misses one, it is different. A child cannot get themselves to a clinic. They rely on a parent or carer to bring them.

That is why we say the child "was not brought". The words remind us to think about the child''s needs, not the adult''s choice.

Our partnership has looked closely at missed health appointments for babies and young children. This briefing shares what we found.

## Why it matters

Missed appointments can mean a child''s health needs are not being met. Over time, this can harm their growth, development and wellbeing.

In some cases, a pattern of missed appointments is an early sign of neglect. It can also be a sign that a family is under pressure or hiding something.

Our reviews of serious harm to babies found that when parents avoided services, the risk to the child was often rising. Staff did not always see this as a warning sign.

## Information

### What the local hospital has done

- Referrals to the hospital safeguarding team under the Was Not Brought pathway almost doubled in the last year.
- This rise reflects better staff awareness and training, not a sudden change in families.
- The safeguarding team checks these referrals every week.
- A clear written procedure tells staff what to do at each step.
- Cases now stay open until staff know the child has attended a new appointment.
- A repeat audit is planned to check the changes are working.

### The safeguard guide

The Was Not Brought safeguard guide helps all staff respond to missed appointments. Practitioners in early help have told us it is useful in their work with families.

## What we learned

- One missed appointment may have a simple reason. A pattern needs a closer look.
- Staff should ask why an appointment was missed, not just rebook it.
- Trauma, poverty, mental health and chaotic lives can all make it hard for parents to attend.
- Understanding the reason helps you offer the right support.
- When a case is closed too soon, a child can drop out of sight.
- Acting quickly matters. A child''s timescale is shorter than an adult''s.

## Questions to consider

- How many appointments has this child missed, across all services?
- Does anyone else know about these missed appointments?
- Is the child registered with a GP and a dentist?
- What might be stopping the family from attending?
- Is the child''s health getting worse because of the missed care?
- Are there other worries, such as school absence or weight loss?
- Is the child on a child protection or child in need plan? If so, does the lead worker know?

## What you should do

- Use the words "was not brought" in your records for children.
- Follow your agency''s procedure every time a child is not brought.
- Contact the family to find out why, and offer help to attend.
- Check the child''s records for other missed appointments or concerns.
- Tell the GP, health visitor or school nurse, so they can follow up.
- If the child has a social worker or lead professional, tell them the same day.
- Do not close the case until you know the child has been seen.
- If there is a pattern, or other worries, talk to your safeguarding lead.
- If the family does not engage and you are worried, think about a referral.

## Further information

- [Was Not Brought safeguard guide](https://www.example.org.uk/guides/was-not-brought).
- [Pathway and letter for engaging hostile and resistant families](https://www.example.org.uk/guides/hostile-and-resistant-families).
- [Continuum of need and threshold guidance](https://www.example.org.uk/guidance/continuum-of-need).
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('agency-roles-serious-violence-2024-06','procedure','ef8e5ae6a318','content/procedures/agency-roles-serious-violence-2024-06.md','---
id: agency-roles-serious-violence-2024-06
title: "Agency Roles and Responsibilities"
date: 2024-06-03
status: ready
summary: "A new section on principles has been added to the part of the chapter that covers the Serious Violence Duty."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/agency-roles-and-responsibilities
update_cycle: 2024-06
practitioner_action: "Read the new principles and check how your agency contributes to preventing serious violence."
driver: "Serious Violence Duty"
themes: [exploitation]
audience: [all-practitioners, police, education]
---

This chapter sets out the part each agency plays in keeping children safe.

We have added a new section called "Principles" to Section 2. Section 2 covers the Serious Violence Duty. Under this duty, local services must work together to stop serious violence.

The new section is based on how inspectors check the way local agencies respond to serious youth violence. Ofsted leads these joint checks with other inspectors.

The principles stress early help and a shared view of risk. They also ask us to see young people caught up in violence as children first. Read the new section so you know what your agency must do.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('allegations-against-staff-2020-12','procedure','49d014d8c3f9','content/procedures/allegations-against-staff-2020-12.md','---
id: allegations-against-staff-2020-12
title: "Allegations Against Persons who Work with Children"
date: 2020-12-07
status: ready
summary: "The procedure now includes concerns about transferable risk, in line with Working Together and KCSIE."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/allegations-against-persons-who-work-with-children
update_cycle: 2020-12
practitioner_action: "Refer concerns about transferable risk, such as domestic abuse at home, to the LADO."
driver: "Working Together 2018 and KCSIE 2020"
themes: [safer-recruitment, child-protection]
audience: [all-practitioners, education, dsl-network]
---

This procedure explains what to do when there is a concern about an adult who works with children. It includes when to contact the LADO.

We have updated it in line with the latest Working Together to Safeguard Children and KCSIE.

A fourth point has been added to the criteria in Section 1. It covers cases where a person''s behaviour suggests they may not be suitable to work with children. This applies even if the behaviour is not yet proven.

This covers "transferable risk". For example, a staff member may be involved in domestic abuse at home. This may not involve children at work, but it could still affect whether they are safe to work with children.

If you have concerns like this, speak to your manager and the LADO.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('bullying-2020-12','procedure','f37ff3e2a820','content/procedures/bullying-2020-12.md','---
id: bullying-2020-12
title: "Bullying"
date: 2020-12-07
status: ready
summary: "New links have been added to resources on bullying linked to race and faith, and on making settings inclusive of lesbian, gay, bisexual and transgender young people."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/bullying
update_cycle: 2020-12
practitioner_action: "Use the new resources to tackle bullying linked to race, faith, sexuality or gender identity."
driver: "local"
themes: [voice-of-the-child]
audience: [education, early-years, voluntary-sector]
---

Bullying can cause lasting harm to a child''s mental health and wellbeing. In some cases it is a safeguarding concern.

We have added new links to Section 5, "Further Information and Sources of Support".

- Resources to help tackle bullying linked to race or faith.
- Resources to help schools, colleges and other settings be inclusive of lesbian, gay, bisexual and transgender young people.

Children who are bullied because of who they are may find it harder to speak up. Use these resources to build a culture where every child feels safe and listened to.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('child-abuse-and-ict-2024-12','procedure','5b843ae12791','content/procedures/child-abuse-and-ict-2024-12.md','---
id: child-abuse-and-ict-2024-12
title: "Child Abuse and Information Communication Technology"
date: 2024-12-02
status: ready
summary: "This chapter has been brought up to date with the Online Safety Act 2023."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/child-abuse-and-ict
update_cycle: 2024-12
practitioner_action: "Read the updated chapter and use its reporting routes when a child is harmed online."
driver: "Online Safety Act 2023"
themes: [online-safety, child-protection]
audience: [all-practitioners, education, dsl-network]
---

This chapter explains how children can be harmed through phones, computers, games and social media. It covers grooming, sexual images, online bullying and content that promotes self-harm.

We have updated the chapter in line with the Online Safety Act 2023. The Act places new legal duties on online platforms to protect children from harmful content. It also created new offences, such as sending images of sexual activity without consent.

Online harm is a growing worry for our partnership. Local services can raise awareness, but they cannot control global platforms. The new law gives families and practitioners more ways to report harm and expect action.

Read the updated chapter so you know the new duties and offences. Use it when you talk to children and parents about staying safe online.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('child-exploitation-2020-06','procedure','a40393c7537a','content/procedures/child-exploitation-2020-06.md','---
id: child-exploitation-2020-06
title: "Child Exploitation: Policy, Procedures and Guidance"
date: 2020-06-08
status: ready
summary: "A new West Yorkshire chapter brings together guidance on all forms of child exploitation."
change_type: new
chapter_url: https://procedures.example.org.uk/chapters/child-exploitation
update_cycle: 2020-06
practitioner_action: "Read the new chapter and use your local resources to respond to any signs of exploitation."
driver: "Regional"
themes: [exploitation]
audience: [all-practitioners, police, education, social-care]
---

This new chapter brings together guidance on all forms of child exploitation, including CSE and CCE.

It explains how to spot the signs that a child or young person is being exploited. It sets out what each agency is responsible for. It also describes the steps practitioners should follow to keep children safe.

The chapter links to local resources for each area in West Yorkshire. This helps practitioners who work across more than one area.

Exploitation can affect any child. Children who are exploited are victims, even if they have also been involved in crime. Read the chapter so you know how to recognise and respond to exploitation.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('child-exploitation-2024-12','procedure','3c0189f53e70','content/procedures/child-exploitation-2024-12.md','---
id: child-exploitation-2024-12
title: "Child Exploitation: Policy, Procedures and Guidance"
date: 2024-12-02
status: ready
summary: "Some definitions in the child exploitation chapter have been changed to match Working Together to Safeguard Children 2023."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/child-exploitation
update_cycle: 2024-12
practitioner_action: "Check the revised definitions and use them in referrals and records."
driver: "Working Together 2023"
themes: [exploitation]
audience: [all-practitioners, police, social-care, education]
---

This chapter sets out how to spot and respond to child exploitation. It covers both sexual and criminal exploitation.

We have made small changes to some definitions. They now match the wording in Working Together to Safeguard Children 2023. This includes how the guidance describes harm that happens outside the family home.

Using the same words as national guidance helps all agencies share a common understanding. It also makes it easier to work with partners in other areas.

The steps you need to follow have not changed. Please check the new definitions so your referrals and records use the right terms.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('children-from-abroad-2020-06','procedure','089c724ab744','content/procedures/children-from-abroad-2020-06.md','---
id: children-from-abroad-2020-06
title: "Children from Abroad, including Victims of Modern Slavery, Trafficking and Exploitation"
date: 2020-06-08
status: ready
summary: "This guidance now reflects the new digital referral form and the move to a single decision-making body for modern slavery cases."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/children-from-abroad
update_cycle: 2020-06
practitioner_action: "Use the digital form to refer any child who may be a victim of modern slavery."
driver: "Modern Slavery Act 2015"
themes: [exploitation]
audience: [social-care, police, voluntary-sector]
---

This guidance helps you support children who come from abroad. Some of them may be victims of modern slavery or trafficking.

We have updated it to show two national changes.

- Referrals to the National Referral Mechanism are now made using a new digital form.
- Decisions on these referrals are now made by one body, called the Single Competent Authority.

These changes should make referrals quicker and decisions more fair and even.

If you think a child may be a victim of modern slavery, make a referral using the digital form. Children do not need to agree to be referred.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('children-from-abroad-2024-12','procedure','e7341a017649','content/procedures/children-from-abroad-2024-12.md','---
id: children-from-abroad-2024-12
title: "Children from Abroad, including Victims of Modern Slavery, Trafficking and Exploitation"
date: 2024-12-02
status: ready
summary: "New links on age assessment and on the Home Office process for children who may be victims of trafficking have been added."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/children-from-abroad
update_cycle: 2024-12
practitioner_action: "Use the new age assessment guidance link when a young person''s age is in question."
driver: "National age assessment guidance"
themes: [exploitation, child-protection]
audience: [social-care, police, voluntary-sector]
---

This chapter helps practitioners support children who come to the UK from abroad. Some of these children may be victims of modern slavery or trafficking.

We have added two new links.

- Section 1.2.1 on age assessments now links to the practice guidance from the National Age Assessment Board and the British Association of Social Workers.
- The further information section now links to the caseworker guidance for the Operation Innerste process. This process supports unaccompanied children from abroad who may be victims of trafficking.

Age assessments must be fair, careful and child-centred. A child should be treated as a child until an assessment shows otherwise.

Use the new links if you are involved in assessing the age of a young person or supporting a child who may have been trafficked.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('children-missing-education-2020-06','procedure','a72f559d1c19','content/procedures/children-missing-education-2020-06.md','---
id: children-missing-education-2020-06
title: "Children Missing from Education"
date: 2020-06-08
status: ready
summary: "This guidance has been reviewed throughout and extensively updated."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/children-missing-education
update_cycle: 2020-06
practitioner_action: "Report any child you think is missing from education to the local authority straight away."
driver: "Statutory guidance on children missing education"
themes: [neglect, child-protection]
audience: [education, social-care]
---

Children missing from education are children of school age who are not on a school roll and are not receiving a suitable education elsewhere.

These children can be at greater risk of harm. They may be victims of neglect, abuse or exploitation. They may also be out of sight of professionals.

We have reviewed this guidance throughout and made extensive updates. It now sets out more clearly what schools and the local authority must do. It also explains the steps to take when a child goes missing from school.

Schools should tell the local authority when a child is removed from the roll. If you think a child is missing from education, report it without delay.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('children-visiting-prisons-2020-06','procedure','588a9340cd53','content/procedures/children-visiting-prisons-2020-06.md','---
id: children-visiting-prisons-2020-06
title: "Children Visiting Prisons"
date: 2020-06-08
status: ready
summary: "This guidance has been reviewed throughout and updated where needed."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/children-visiting-prisons
update_cycle: 2020-06
practitioner_action: "Respond promptly to prison requests for information about a child''s safety."
driver: "local"
themes: [child-protection]
audience: [social-care, voluntary-sector]
---

Many children have a parent or close relative in prison. Keeping in touch can be good for the child and for the family.

However, some prisoners pose a risk to children. Visits must be planned with the child''s safety in mind.

We have reviewed this guidance throughout and updated it where needed. It explains how prisons decide whether a child can visit and what information they may ask for from other agencies.

If a prison asks you for information about a child or family, respond promptly. Always think about the child''s wishes and feelings.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('children-visiting-psychiatric-wards-2020-06','procedure','4326e8ed237a','content/procedures/children-visiting-psychiatric-wards-2020-06.md','---
id: children-visiting-psychiatric-wards-2020-06
title: "Children Visiting Psychiatric Wards and Facilities"
date: 2020-06-08
status: ready
summary: "This chapter has been refreshed, with updated terms and new detail on visits to high security hospitals."
change_type: refreshed
chapter_url: https://procedures.example.org.uk/chapters/children-visiting-psychiatric-wards
update_cycle: 2020-06
practitioner_action: "Check the refreshed chapter before planning a child''s visit to a psychiatric ward or high security hospital."
driver: "High Security Psychiatric Services Directions 2019"
themes: [mental-health, child-protection]
audience: [health, social-care]
---

Children may want to visit a parent or relative who is in hospital for mental health care. These visits can be important for the child and the patient. They must also be safe.

We have refreshed this chapter throughout and updated the terms it uses.

We have also added more detail to Section 3. This covers visits to patients in the three high security hospitals: Ashworth, Broadmoor and Rampton. The new text follows the national directions and guidance on safety and security in these hospitals, issued in 2019.

If you are planning a child''s visit, check the chapter. Put the child''s wellbeing first.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('dangerous-dogs-2024-12','procedure','ca8997c15bd3','content/procedures/dangerous-dogs-2024-12.md','---
id: dangerous-dogs-2024-12
title: "Dangerous Dogs and Safeguarding Children"
date: 2024-12-02
status: ready
summary: "The chapter on dangerous dogs and safeguarding children has been refreshed."
change_type: refreshed
chapter_url: https://procedures.example.org.uk/chapters/dangerous-dogs
update_cycle: 2024-12
practitioner_action: "Consider the risk from dogs at every home visit to a family with young children."
driver: "local"
themes: [child-protection, neglect]
audience: [all-practitioners, early-years, health]
---

Dogs can cause serious injuries to babies and young children. Some attacks happen at home, with a family pet.

This chapter helps practitioners think about the risks from dogs when they visit a family. It covers dogs that are banned by law and dogs that are not kept under proper control.

We have refreshed the chapter to make sure it is clear and up to date. The main messages have not changed.

When you visit a home, notice any dogs and how they behave. Ask where the dog is kept and who looks after it. Never leave a baby or young child alone with a dog. If a dog seems dangerous, or a child has been bitten, discuss it with your safeguarding lead. Contact the police if there is an immediate risk.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('domestic-abuse-2024-12','procedure','adf0ab707fca','content/procedures/domestic-abuse-2024-12.md','---
id: domestic-abuse-2024-12
title: "Domestic Abuse"
date: 2024-12-02
status: ready
summary: "The domestic abuse chapter has been refreshed to reflect current law and practice."
change_type: refreshed
chapter_url: https://procedures.example.org.uk/chapters/domestic-abuse
update_cycle: 2024-12
practitioner_action: "Read the refreshed chapter and check you know your local referral routes, including MARAC."
driver: "Domestic Abuse Act 2021"
themes: [domestic-abuse]
audience: [all-practitioners, police, health, social-care]
---

This chapter explains how to spot and respond to domestic abuse in families with children. It reminds us that children who see, hear or live with domestic abuse are victims in their own right.

We have refreshed the chapter so it matches current law and practice. It also draws on what we have learned from local reviews, including reviews after a domestic abuse death.

The chapter covers how to judge risk, how to plan for safety and when to refer to MARAC. It also covers how to work with the person causing harm.

Please read the refreshed chapter. Make sure you know how to ask about domestic abuse safely, record the child''s experience and share information quickly when risk rises.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('elective-home-education-2020-12','procedure','4537b556a703','content/procedures/elective-home-education-2020-12.md','---
id: elective-home-education-2020-12
title: "Elective Home Education"
date: 2020-12-07
status: ready
summary: "A new section explains what to do if you are worried about a child who is educated at home."
change_type: new
chapter_url: https://procedures.example.org.uk/chapters/elective-home-education
update_cycle: 2020-12
practitioner_action: "If you are worried about a home-educated child, follow normal safeguarding procedures and contact the local home education team."
driver: "local"
themes: [child-protection, neglect]
audience: [education, health, social-care]
---

A small but growing number of children are educated at home by their parents.

Home education is not, in itself, a sign of abuse or neglect. There is no evidence that children educated at home are more likely to be harmed. But when a child educated at home is being harmed, it can be harder for professionals to notice.

This new section explains what practitioners should do if they are worried about a child who is educated at home. It also lists local contacts for home education in each area.

If you have a concern, follow the usual safeguarding procedures. Do not assume another professional is seeing the child.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('fgm-2020-06','procedure','312404a628a0','content/procedures/fgm-2020-06.md','---
id: fgm-2020-06
title: "Female Genital Mutilation (FGM)"
date: 2020-06-08
status: ready
summary: "The FGM guidance has been updated throughout to reflect the latest statutory guidance."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/female-genital-mutilation
update_cycle: 2020-06
practitioner_action: "Make sure you know the mandatory duty to report known cases of FGM in girls under 18 to the police."
driver: "Multi-agency statutory guidance on FGM"
themes: [harmful-practices]
audience: [all-practitioners, health, education]
---

FGM is a crime in the UK and a form of child abuse. It can cause lifelong physical and emotional harm.

We have reviewed this guidance and updated it throughout. It now reflects the latest statutory guidance on FGM.

The guidance explains how to spot girls at risk and how to respond if FGM has happened. It also sets out the mandatory reporting duty. Teachers, health professionals and social workers must report to the police if they learn that a girl under 18 has had FGM.

Please read the updated guidance and make sure you know your duties.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('fgm-nhs-data-sharing-2024-12','procedure','5bc7f9de299c','content/procedures/fgm-nhs-data-sharing-2024-12.md','---
id: fgm-nhs-data-sharing-2024-12
title: "Female Genital Mutilation (FGM)"
date: 2024-12-02
status: ready
summary: "Section 7 on NHS data sharing has been refreshed and updated."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/female-genital-mutilation
update_cycle: 2024-12
practitioner_action: "Health staff should check Section 7 and follow the current rules for recording and sharing FGM information."
driver: "NHS guidance"
themes: [harmful-practices]
audience: [health, all-practitioners]
---

This chapter explains how to protect girls and women from FGM. FGM is illegal in the UK and is a form of child abuse.

We have refreshed and updated Section 7. This section covers how NHS services record and share information about FGM.

Health staff must record FGM in a patient''s notes when they find it. Some NHS systems also let staff see if a girl has a family history of FGM. This can help professionals spot girls who may be at risk.

If you work in health, read Section 7 to check you are following the current data sharing rules. All staff should remember that FGM must always be treated as a safeguarding concern.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('fgm-other-harmful-practices-2024-06','procedure','dd70a7a0468a','content/procedures/fgm-other-harmful-practices-2024-06.md','---
id: fgm-other-harmful-practices-2024-06
title: "Female Genital Mutilation (FGM)"
date: 2024-06-03
status: ready
summary: "A new section on other harmful practices covers virginity testing, hymenoplasty and breast flattening."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/female-genital-mutilation
update_cycle: 2024-06
practitioner_action: "Treat any risk of virginity testing, hymenoplasty or breast flattening as a safeguarding concern."
driver: "Health and Care Act 2022"
themes: [harmful-practices]
audience: [all-practitioners, health, education]
---

We have added a new Section 5 on other harmful practices.

The Health and Care Act 2022 made it a crime to carry out, offer or help with virginity testing or hymenoplasty anywhere in the UK. Hymenoplasty is surgery to reconstruct the hymen. It is also a crime for UK nationals and residents to do these things abroad.

The section also covers breast flattening. This is the pressing or binding of a girl''s breasts to stop them growing. It is a criminal offence, as set out in the Crown Prosecution Service legal guidance on so-called honour-based abuse.

These practices cause physical and emotional harm. If you learn that a girl may be at risk, treat it as a safeguarding concern and follow the procedure.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('forced-marriage-2024-06','procedure','43c00400faec','content/procedures/forced-marriage-2024-06.md','---
id: forced-marriage-2024-06
title: "Forced Marriage"
date: 2024-06-03
status: ready
summary: "The forced marriage chapter has been amended in line with local procedure."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/forced-marriage
update_cycle: 2024-06
practitioner_action: "If you suspect forced marriage, do not contact the family; speak to the young person alone and follow the procedure."
driver: "local"
themes: [harmful-practices]
audience: [all-practitioners, education, police]
---

A forced marriage is one where one or both people do not, or cannot, agree to it. Pressure may include threats, violence or emotional abuse. It is a crime in the UK.

In England and Wales, it is also a crime to cause a child under 18 to marry, even without force.

We have amended this chapter in line with local procedure. It sets out what to do if you think a young person may be forced to marry.

The "one chance" rule still applies. You may only get one chance to help. Do not contact the family or try to mediate, as this can increase the danger. Speak to the young person alone and follow the procedure.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('information-sharing-2020-12','procedure','40ed4c5adc93','content/procedures/information-sharing-2020-12.md','---
id: information-sharing-2020-12
title: "Information Sharing"
date: 2020-12-07
status: ready
summary: "The information sharing guidance has been updated to reflect changes to Working Together to Safeguard Children."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/information-sharing
update_cycle: 2020-12
practitioner_action: "Do not let data protection worries stop you sharing information to protect a child."
driver: "Working Together 2018"
themes: [information-sharing]
audience: [all-practitioners]
---

Sharing information at the right time is vital to keep children safe.

We have checked this guidance and updated it throughout. It now follows the changes made to Working Together to Safeguard Children.

The guidance explains when and how to share information in a safe and lawful way. It makes clear that worries about data protection should never stop you sharing to protect a child.

Read the updated guidance. If you are unsure whether to share, ask your safeguarding lead. Record your decision and your reasons.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('information-sharing-2024-12','procedure','9aa89f6a6e45','content/procedures/information-sharing-2024-12.md','---
id: information-sharing-2024-12
title: "Information Sharing"
date: 2024-12-02
status: ready
summary: "The information sharing chapter has been revised to match updated government advice for safeguarding practitioners."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/information-sharing
update_cycle: 2024-12
practitioner_action: "Share information early when a child may be at risk, and record what you shared and why."
driver: "Information sharing advice for safeguarding practitioners 2024"
themes: [information-sharing]
audience: [all-practitioners]
---

Good information sharing is key to keeping children safe. Reviews often find that someone held a piece of the picture but did not share it.

We have revised this chapter to match the government''s updated advice on information sharing for safeguarding practitioners.

The key messages are simple.

- Data protection law does not stop you sharing information to keep a child safe.
- You do not always need consent to share information when a child may be at risk.
- Share information that is necessary, relevant and accurate, and share it in good time.
- Record what you shared, who with and why.

Please read the revised chapter. If you are unsure, speak to your safeguarding lead. Do not let doubts about sharing delay action to protect a child.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('ipva-young-peoples-relationships-2020-12','procedure','af21d69dd321','content/procedures/ipva-young-peoples-relationships-2020-12.md','---
id: ipva-young-peoples-relationships-2020-12
title: "Interpersonal Violence and Abuse (IPVA) Young People''s Relationships West Yorkshire Practice Guidance"
date: 2020-12-07
status: ready
summary: "New West Yorkshire practice guidance covers young people under 18 who are harmed by, or harm, a boyfriend or girlfriend."
change_type: new
chapter_url: https://procedures.example.org.uk/chapters/ipva-young-peoples-relationships
update_cycle: 2020-12
practitioner_action: "Respond to abuse in teenage relationships as a safeguarding concern for every young person involved."
driver: "Regional"
themes: [domestic-abuse, voice-of-the-child]
audience: [all-practitioners, education, voluntary-sector]
---

This new practice guidance covers abuse within young people''s relationships. It applies when a young person under 18 is harmed by a boyfriend or girlfriend, or is causing harm to one.

Abuse in teenage relationships is common and often hidden. It can include controlling behaviour, threats, sexual abuse and physical violence. It can also happen online.

Young people may not see what is happening as abuse. They may also fear they will not be believed.

The guidance explains how to recognise the signs, assess risk and support both the young person who is harmed and the one causing harm. Remember that both are children and both need a safeguarding response.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('mappa-2024-06','procedure','3ecc4ac36260','content/procedures/mappa-2024-06.md','---
id: mappa-2024-06
title: "MAPPA"
date: 2024-06-03
status: ready
summary: "The MAPPA chapter has been updated."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/mappa
update_cycle: 2024-06
practitioner_action: "Share information promptly when you know an offender who poses a risk has contact with a child."
driver: "local"
themes: [child-protection, information-sharing]
audience: [police, social-care, all-practitioners]
---

MAPPA is the way police, probation and prison services work together to manage sexual and violent offenders. These are people who live in the community.

We have updated this chapter. It explains how MAPPA links with keeping children safe and how other agencies can take part.

Many offenders managed under MAPPA live with or near children, or have contact with them. Schools, health and children''s services may know key facts about these risks.

Read the updated chapter to understand when and how to share information with MAPPA. If you know that a person who poses a risk is in contact with a child, share this without delay.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('non-mobile-baby-gp-process-2024-12','procedure','a13c3cc34a52','content/procedures/non-mobile-baby-gp-process-2024-12.md','---
id: non-mobile-baby-gp-process-2024-12
title: "Amendment to process following presentation of non-mobile baby with injuries to GP (Calderdale only)"
date: 2024-12-02
status: ready
summary: "A new document explains what a GP practice must do when a non-mobile baby is brought in with an injury."
change_type: new
chapter_url: https://procedures.example.org.uk/chapters/non-mobile-baby-gp-process
update_cycle: 2024-12
practitioner_action: "GP practices should follow the new process straight away for any injury to a non-mobile baby."
driver: "Local learning from reviews"
themes: [non-accidental-injury, child-protection]
audience: [health]
---

This new document has been added to the manual. It applies to our local area only.

It sets out the changed process for GP practices when a baby who is not yet mobile is seen with an injury. This includes bruises, marks, burns or swelling.

Babies who cannot roll, crawl or walk rarely injure themselves. Any injury needs to be taken seriously and checked quickly. Local reviews found that delays in assessment could leave babies at risk.

The GP should not wait to see if the injury fades. They should follow the process straight away and refer the baby for assessment. The document explains who to contact and what to record.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('non-mobile-baby-pathway-flowchart-2024-12','procedure','2c82113fab07','content/procedures/non-mobile-baby-pathway-flowchart-2024-12.md','---
id: non-mobile-baby-pathway-flowchart-2024-12
title: "Non Mobile Baby Pathway Flowchart (Calderdale Only)"
date: 2024-12-02
status: ready
summary: "A new flowchart shows each step to follow when an injury is seen on a baby who is not yet mobile."
change_type: new
chapter_url: https://procedures.example.org.uk/chapters/non-mobile-baby-pathway-flowchart
update_cycle: 2024-12
practitioner_action: "Follow the flowchart straight away if you see any injury on a non-mobile baby."
driver: "Local learning from reviews"
themes: [non-accidental-injury, child-protection]
audience: [all-practitioners, health, social-care, police]
---

This new flowchart has been added to the manual. It applies to our local area only.

It shows, step by step, what to do when any practitioner sees an injury on a baby who is not yet mobile. It makes clear who does what and how quickly.

The flowchart supports the updated multi-agency protocol for non-mobile babies with injuries. It was written to cut delays in getting these babies assessed. Local reviews into serious injuries to babies showed why this matters.

Keep a copy of the flowchart to hand. If you see a bruise or other injury on a non-mobile baby, follow it straight away.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('pre-birth-2024-06','procedure','0ff82b4d388a','content/procedures/pre-birth-2024-06.md','---
id: pre-birth-2024-06
title: "Pre Birth"
date: 2024-06-03
status: ready
summary: "New sections on safe sleeping and working with fathers and partners have been added to the pre-birth chapter."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/pre-birth
update_cycle: 2024-06
practitioner_action: "Include fathers and partners in every pre-birth assessment and discuss safer sleep before the birth."
driver: "Local learning from reviews"
themes: [safer-sleep, non-accidental-injury]
audience: [health, social-care, early-years]
---

This chapter sets out how agencies should assess and plan for unborn babies who may be at risk.

We have made two changes.

- A new Section 3 on safe sleeping has been added. It asks practitioners to talk about safer sleep before the baby is born.
- Section 4 on working with fathers and partners now has more information. It explains why fathers and male carers must be included in assessments.

Local reviews of injuries to babies found that fathers and partners were often not seen or assessed. Safer sleep advice was also not always given early enough.

Include every parent and carer in pre-birth work. Start talking about safe sleep early, and keep coming back to it.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('recognising-abuse-and-neglect-2024-06','procedure','29bd09927919','content/procedures/recognising-abuse-and-neglect-2024-06.md','---
id: recognising-abuse-and-neglect-2024-06
title: "Recognising Abuse and Neglect"
date: 2024-06-03
status: ready
summary: "This chapter has been reviewed and updated in line with local procedure."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/recognising-abuse-and-neglect
update_cycle: 2024-06
practitioner_action: "Use this chapter alongside the neglect toolkit when you are worried about a child."
driver: "local"
themes: [neglect, child-protection]
audience: [all-practitioners]
---

This chapter helps practitioners spot the signs of abuse and neglect. It covers physical, emotional and sexual abuse, as well as neglect.

We have reviewed the chapter and updated it in line with local procedure. It now fits with our new neglect toolkit and our threshold guidance.

Spotting abuse early gives children the best chance of getting help. Many signs are small on their own. Together they can show a worrying pattern.

Please read the updated chapter. Use it with the neglect toolkit when you are worried about a child''s care. If you think a child may be at risk, follow your safeguarding procedures.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('safer-recruitment-2020-12','procedure','574d9947071a','content/procedures/safer-recruitment-2020-12.md','---
id: safer-recruitment-2020-12
title: "Safer Recruitment, Selection and Supervision of Staff"
date: 2020-12-07
status: ready
summary: "The guidance now explains how employers can check a person''s right to work in the UK after the UK left the European Union."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/safer-recruitment
update_cycle: 2020-12
practitioner_action: "Include the correct right to work checks in every recruitment process."
driver: "UK exit from the European Union"
themes: [safer-recruitment]
audience: [all-practitioners, education, voluntary-sector]
---

This guidance explains how to recruit staff and volunteers safely.

We have updated it because the UK has left the European Union. It now includes information on how employers can check that a person has the right to work in the UK during recruitment.

Right to work checks are part of safe hiring. They sit alongside other checks, such as identity, references and DBS checks.

If you recruit staff, read the new section. Make sure your process includes the correct right to work checks.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('safer-recruitment-2024-12','procedure','d8e12555bb31','content/procedures/safer-recruitment-2024-12.md','---
id: safer-recruitment-2024-12
title: "Safer Recruitment, Selection and Supervision of Staff"
date: 2024-12-02
status: ready
summary: "A link to a safer hiring toolkit for education supply chains has been added."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/safer-recruitment
update_cycle: 2024-12
practitioner_action: "If you use supply or agency staff, check the new toolkit alongside KCSIE."
driver: "KCSIE 2024"
themes: [safer-recruitment]
audience: [education, dsl-network]
---

This chapter explains how organisations should recruit, check and supervise staff and volunteers who work with children.

We have added a link to "Education Supply Chains: A Better Hiring Toolkit" in the relevant guidance section. The toolkit helps schools and colleges check that supply and agency staff have been safely recruited.

Schools often use agencies to fill short-term posts. The school still needs to be sure that the right checks have been done. These include identity, DBS and reference checks.

If you are involved in using supply or agency staff, use the toolkit alongside KCSIE. Make sure you receive written confirmation of the checks an agency has carried out.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('safer-sleep-protocol-2024-12','procedure','8481d4314bcd','content/procedures/safer-sleep-protocol-2024-12.md','---
id: safer-sleep-protocol-2024-12
title: "West Yorkshire Safer Sleep Protocol Guidance: for professionals working with families where there is a child aged up to 12 months"
date: 2024-12-02
status: ready
summary: "A new West Yorkshire safer sleep protocol has been added for everyone working with families who have a baby up to 12 months old."
change_type: new
chapter_url: https://procedures.example.org.uk/chapters/safer-sleep-protocol
update_cycle: 2024-12
practitioner_action: "Talk about safer sleep at every contact with a family who has a baby, and follow the protocol if you have concerns."
driver: "Learning from child deaths"
themes: [safer-sleep]
audience: [all-practitioners, health, early-years, social-care]
---

This is a new chapter. It sets out one shared approach to safer sleep across West Yorkshire.

It is for every professional who works with families where there is a baby up to 12 months old. This includes health, early years, social care, housing, police and voluntary services.

Most sudden infant deaths linked to unsafe sleep happen in families facing other pressures. Many happen when the normal routine changes, such as a night away from home.

The protocol explains how to give safer sleep advice, how to check where a baby sleeps and how to plan for changes in routine. It also explains what to do if you are worried that a family cannot keep their baby safe at night.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('single-assessment-2020-06','procedure','e686a47f1b8a','content/procedures/single-assessment-2020-06.md','---
id: single-assessment-2020-06
title: "Single Assessment"
date: 2020-06-08
status: ready
summary: "The link to the digital system for reporting possible victims of modern slavery has been updated."
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/single-assessment
update_cycle: 2020-06
practitioner_action: "Use the updated link to refer any child who may be a victim of modern slavery."
driver: "National Referral Mechanism changes"
themes: [exploitation, information-sharing]
audience: [social-care]
---

This chapter explains how children''s social care carries out a single assessment of a child''s needs.

We have updated one link. It now points to the current digital referral system for reporting possible victims of modern slavery. This is known as the National Referral Mechanism.

Children who are trafficked or exploited may first come to light during an assessment. Social workers need to be able to make a referral quickly and easily.

No other part of the chapter has changed. If you think a child may be a victim of modern slavery, use the new link to make a referral.
','2026-11-20T12:00:00+00:00','2026-11-20T12:00:00+00:00');
INSERT INTO "published" VALUES('new-for-upgrade-test','briefing','2f13f2046faa','content/briefings/new-for-upgrade-test.md','---
id: new-for-upgrade-test
title: "Domestic abuse: children are victims too"
date: 2026-11-21
status: ready
summary: Children who see, hear or live with domestic abuse are victims in their own right. Our audit shows what works well locally and where we still need to improve.
themes: [domestic-abuse, voice-of-the-child]
audience: [all-practitioners, police, health, education, social-care]
source:
  type: multi-agency-audit
  title: "Children who are victims of domestic abuse: multi-agency audit (2024)"
review_by: 2027-11-04
---

## Background

The Domestic Abuse Act 2021 says that a child who sees, hears or lives with domestic abuse is a victim. They do not need to be hurt directly.

Domestic abuse is a key priority for our partnership. It comes up again and again in our reviews. In an earlier audit of families with new babies, it was present in 13 out of 14 homes.

We have looked closely at how children affected by domestic abuse are found, assessed and kept safe. This included case audits, learning from Domestic Homicide Reviews and a detailed self-assessment.

## Why it matters

Living with domestic abuse can affect a child''s sense of safety, sleep, learning, behaviour and mental health. The harm can last into adult life.

Babies and young children are at high risk. They cannot leave, and they cannot tell anyone what is happening.

Children can also be drawn into the abuse. An abuser may use them to control the other parent.

## Information

### What is working well

- Agencies work together closely and do not give up easily.
- MARAC meetings are well attended by a wide range of services.
- Safety plans and risk assessments are used well.
- Staff seek consent and include the child''s views in decisions.
- Specialist teams, such as the families intervention team and independent domestic violence advisers, offer caring, trauma-informed support.

### What needs to improve

- Meetings need to be more consistent. This includes sending out notes, tracking actions and inviting the right people.
- Records need clearer language, especially about risk and about the person causing harm.
- We need better ways to reach victims who do not respond.
- We need a stronger focus on holding abusers to account, including when they leave prison.
- Health staff and schools need to be involved in safety plans earlier.

### Changes to MARAC

The MARAC process has been improved. Risk plans are now clearer. Outcomes reach the right agencies faster.

We are also looking at what should happen when risk suddenly rises. Examples include a victim taking back a statement or an abuser being released from custody.

## What we learned

- Children need to be seen and heard in their own right, not only as part of the adult''s case.
- Past history matters. Looking back helps us spot patterns and growing risk.
- Separation does not always mean safety. Abuse can continue or get worse after a couple split up.
- Every agency holds part of the picture. Schools and health staff often see the child most.
- The person causing harm must be visible in our work and our records.

## Questions to consider

- Have you spoken to the child on their own about life at home?
- What does the child see and hear on a normal day?
- Do you know who is causing harm, and what agencies know about them?
- Does the school know about the abuse, and is it part of the safety plan?
- Has anything changed recently that could raise the risk?
- How do you record the abuse in a way that does not blame the victim?

## What you should do

- Ask about domestic abuse routinely and safely, when the person is on their own.
- See the child as a victim. Record their views, feelings and daily experience.
- Use a recognised risk assessment. Refer high-risk cases to MARAC.
- Share information with schools and health staff so they can support the child.
- Name the person causing harm in your records, and describe their behaviour clearly.
- Watch for changes in risk, such as release from prison or a withdrawn statement. Act quickly.
- Refer children to specialist support that helps them understand and talk about their experiences.
- Keep your domestic abuse training up to date.

## Further information

- [Domestic abuse procedure](https://procedures.example.org.uk/chapters/domestic-abuse).
- [Domestic Abuse Act 2021 on legislation.gov.uk](https://www.legislation.gov.uk/ukpga/2021/17/contents).
- [Local domestic abuse support services](https://www.example.org.uk/domestic-abuse-support).
','2026-11-22T12:00:00+00:00','2026-11-22T12:00:00+00:00');
CREATE TABLE subscribers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: tokens name it
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL DEFAULT '',
    audiences   TEXT NOT NULL DEFAULT '',           -- ';'-separated slugs
    themes      TEXT NOT NULL DEFAULT '',           -- ';'-separated; '' = every theme
    frequency   TEXT NOT NULL,                      -- immediate | weekly | newsletter-only
    status      TEXT NOT NULL DEFAULT 'active',     -- active | unsubscribed | suppressed
    status_note TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
INSERT INTO "subscribers" VALUES(1,'amina.rahman@example.org','Amina Rahman','health;early-years','safer-sleep;neglect','immediate','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(2,'ben.okafor@example.org','Ben Okafor','police','exploitation;domestic-abuse','immediate','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(3,'carys.jones@example.org','Carys Jones','education;dsl-network','','weekly','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(4,'dev.patel@example.org','Dev Patel','social-care','','immediate','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(5,'eilidh.mcleod@example.org','Eilidh McLeod','early-years','safer-sleep;was-not-brought','weekly','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(6,'farah.hussain@example.org','','voluntary-sector','','newsletter-only','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(7,'george.wright@example.org','George Wright','all-practitioners','','immediate','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(8,'hana.kowalska@example.org','Hana Kowalska','health','mental-health;professional-curiosity','weekly','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(9,'isaac.brown@example.org','Isaac Brown','dsl-network;education','online-safety;exploitation','immediate','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
INSERT INTO "subscribers" VALUES(10,'jess.taylor@example.org','Jess Taylor','social-care;police','','newsletter-only','active','','2026-12-03T13:29:16+00:00','2026-12-03T13:29:16+00:00');
CREATE INDEX deliveries_by_status ON deliveries(status, batch);
CREATE INDEX job_runs_by_job ON job_runs(job_id, id);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('subscribers',10);
INSERT INTO "sqlite_sequence" VALUES('deliveries',14);
COMMIT;
