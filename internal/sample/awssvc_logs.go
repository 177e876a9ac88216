package sample

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Log evidence: EKS container logs (Container Insights' application log
// group: an export task to S3 up to noon on the attack day, and
// filter-log-events output after it, so no event is in both), API Gateway
// access logs (an export task) and S3 server access logs.

const eksCluster = "prod-eks"

// k8sEvent is one container log event written.
type k8sEvent struct {
	stream, pod, container, image, log string
	t                                  int64 // Unix milliseconds
}

// k8sPod is a pod whose containers log.
type k8sPod struct {
	name, ns, container, image string
	node                       *svcInstance
	dockerID                   string
}

func (p *k8sPod) stream() string {
	return "ip-" + strings.ReplaceAll(p.node.privateIP, ".", "-") + ".ec2.internal-application.var.log.containers." +
		p.name + "_" + p.ns + "_" + p.container + "-" + p.dockerID + ".log"
}

// writeContainerLogs writes the application log group of prod-eks.
func (o *svcOut) writeContainerLogs(scale float64) error {
	w := o.w
	r := newRand(w.seed, 0x5e0002)
	pod := func(name, ns, container, image string, node *svcInstance) *k8sPod {
		var id []byte
		for i := 0; i < 4; i++ {
			id = appendHex(id, o.hash("docker", name, itoa(i)), 16)
		}
		return &k8sPod{name: name, ns: ns, container: container, image: image, node: node, dockerID: string(id)}
	}
	na, nb := o.eksNodes[0], o.eksNodes[1]
	dash := pod("kubernetes-dashboard-6c7b5d8f9-x2k4p", "kubernetes-dashboard", "kubernetes-dashboard", "docker.io/kubernetesui/dashboard:v2.7.0", na)
	scraper := pod("dashboard-metrics-scraper-5657497c4c-7hqzm", "kubernetes-dashboard", "dashboard-metrics-scraper", "docker.io/kubernetesui/metrics-scraper:v1.0.8", nb)
	orders := []*k8sPod{
		pod("orders-api-7f9c8d6b54-2mxkq", "shop", "orders-api", w.prod.id+".dkr.ecr.us-east-1.amazonaws.com/orders-api:2024.03.1", na),
		pod("orders-api-7f9c8d6b54-t8vzn", "shop", "orders-api", w.prod.id+".dkr.ecr.us-east-1.amazonaws.com/orders-api:2024.03.1", nb),
	}
	nginx := pod("storefront-5d4f7b9c8-kq2lp", "shop", "nginx", "public.ecr.aws/nginx/nginx:1.25.4", nb)
	coredns := pod("coredns-5b8cc885bc-h6x2f", "kube-system", "coredns", "602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/coredns:v1.11.1-eksbuild.4", na)
	miners := []*k8sPod{
		pod("kube-metrics-helper-7d9f8c6b5-q8wzn", "default", "metrics-helper", "docker.io/metal3d/xmrig:latest", na),
		pod("kube-metrics-helper-7d9f8c6b5-zl4rt", "default", "metrics-helper", "docker.io/metal3d/xmrig:latest", nb),
	}
	o.dashStream = dash.stream()
	for _, m := range miners {
		o.minerPods = append(o.minerPods, m.name)
	}

	var evs []k8sEvent
	emit := func(p *k8sPod, t int64, log string) {
		evs = append(evs, k8sEvent{stream: p.stream(), pod: p.name, container: p.container, image: p.image, log: log, t: t})
	}
	ms := func(r *rand.Rand, unix int64) int64 { return unix*1000 + int64(r.IntN(1000)) }
	dashTime := func(t int64) string { return time.UnixMilli(t).UTC().Format("2006/01/02 15:04:05") }
	dashReq := func(r *rand.Rand, t int64, method, path, from string, body string) {
		emit(dash, t, dashTime(t)+" ["+time.UnixMilli(t).UTC().Format(time.RFC3339)+"] Incoming HTTP/2.0 "+method+" "+path+" request from "+from+": "+body+"\n")
		t2 := t + int64(between(r, 3, 90))
		emit(dash, t2, dashTime(t2)+" ["+time.UnixMilli(t2).UTC().Format(time.RFC3339)+"] Outcoming response to "+from+" with 200 status code\n")
	}

	// Background: the shop's API and web server, DNS, the dashboard used
	// by the admins from the VPN (namespaces, pods, logs), its scraper.
	n := scaled(300, scale)
	for i := 0; i < n; i++ {
		t := ms(r, bgStart+r.Int64N(bgEnd-bgStart))
		switch k := r.IntN(10); {
		case k < 4:
			p := orders[r.IntN(2)]
			emit(p, t, time.UnixMilli(t).UTC().Format("2006-01-02T15:04:05.000Z")+" INFO  [http-nio-8080-exec-"+itoa(between(r, 1, 20))+"] c.a.orders.OrderController : order "+strconv.Itoa(between(r, 100000, 999999))+" created in "+itoa(between(r, 8, 140))+" ms\n")
		case k < 7:
			emit(nginx, t, pick(r, w.clients)+" - - ["+time.UnixMilli(t).UTC().Format("02/Jan/2006:15:04:05 -0700")+"] \"GET "+pick(r, []string{"/", "/products", "/cart", "/static/app.js", "/static/site.css"})+" HTTP/1.1\" 200 "+itoa(between(r, 300, 90000))+" \"-\" \""+uaBrowserAlt(r)+"\"\n")
		case k < 8:
			emit(coredns, t, "[INFO] 10.0.2."+itoa(between(r, 40, 41))+":"+itoa(ephemeralPort(r))+" - "+itoa(between(r, 1000, 65000))+" \"A IN orders-db.shop.svc.cluster.local. udp 52 false 512\" NOERROR qr,aa,rd 110 0.000"+itoa(between(r, 100, 999))+"s\n")
		case k < 9:
			emit(scraper, t, "10.0.2."+itoa(between(r, 40, 41))+" - - ["+time.UnixMilli(t).UTC().Format("02/Jan/2006:15:04:05 -0700")+"] \"GET /healthz HTTP/1.1\" 200 13 \"\" \"kube-probe/1.29+\"\n")
		default:
			dashReq(r, t, "GET", pick(r, []string{"/api/v1/namespace", "/api/v1/pod/shop?itemsPerPage=10&page=1", "/api/v1/deployment/shop", "/api/v1/node"}),
				"10.0.1.5:"+itoa(ephemeralPort(r)), "")
		}
	}

	// The attack: 203.0.113.10 finds the dashboard exposed, deploys the
	// miner from a file and reads the secrets. Its own random stream keeps
	// it the same at every scale.
	r = newRand(w.seed, 0x5e0005)
	from := w.atk.ssrfIP + ":"
	dashReq(r, ms(r, at(10, 43, 2)), "GET", "/api/v1/namespace", from+"51320", "")
	dashReq(r, ms(r, at(10, 44, 17)), "POST", "/api/v1/appdeploymentfromfile", from+"51390", "{ contents hidden }")
	dashReq(r, ms(r, at(10, 49, 40)), "GET", "/api/v1/secret/prod?itemsPerPage=10&page=1&sortBy=d,creationTimestamp", from+"51522", "")
	dashReq(r, ms(r, at(10, 50, 8)), "GET", "/api/v1/secret/prod/aws-secrets", from+"51530", "")
	for i, m := range miners {
		start := at(10, 46, 5) + int64(i*9)
		emit(m, ms(r, start), " * ABOUT        XMRig/6.21.0 gcc/10.2.1\n")
		emit(m, ms(r, start+1), " * POOL #1      stratum+tcp://pool.supportxmr.com:3333 algo rx/0\n")
		for t := start + 60; t < at(16, 0, 0); t += int64(between(r, 280, 320)) {
			emit(m, ms(r, t), "["+time.Unix(t, 0).UTC().Format("2006-01-02 15:04:05")+".000]  miner    speed 10s/60s/15m "+
				strconv.Itoa(between(r, 1400, 1600))+".2 "+strconv.Itoa(between(r, 1400, 1600))+".8 n/a H/s max 1611.0 H/s\n")
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].t < evs[j].t })
	o.k8s = evs

	// The export task, up to noon on the attack day: one object per
	// stream, "<time> <message>" lines.
	cut := (attackDay + 12*hour) * 1000
	task := o.uuid("eks-export")
	streams := map[string][]byte{}
	var order []string
	var later []any
	for _, e := range evs {
		msg := k8sMessage(e, o)
		if e.t >= cut {
			later = append(later, obj{{"logStreamName", e.stream}, {"timestamp", e.t}, {"message", msg},
				{"ingestionTime", e.t + 1200}, {"eventId", eventID(o, e)}})
			continue
		}
		if _, ok := streams[e.stream]; !ok {
			order = append(order, e.stream)
		}
		line := isoMillis(e.t/1000, int(e.t%1000)) + " " + msg + "\n"
		streams[e.stream] = append(streams[e.stream], line...)
	}
	for _, s := range order {
		if err := o.writeFile("eks/exportedlogs/"+task+"/"+s+"/000000.gz", streams[s]); err != nil {
			return err
		}
	}
	return o.writeCLI("eks/filter-log-events-application.json", obj{{"events", later}, {"searchedLogStreams", []any{}}})
}

// k8sMessage is the Fluent Bit record of a container line.
func k8sMessage(e k8sEvent, o *svcOut) string {
	ns := e.stream[strings.Index(e.stream, "containers.")+len("containers."):]
	ns = strings.Split(ns, "_")[1]
	b, _ := marshalJSON(obj{{"log", e.log}, {"stream", "stdout"}, {"kubernetes", obj{
		{"pod_name", e.pod}, {"namespace_name", ns}, {"pod_id", o.uuid("pod", e.pod)},
		{"host", e.stream[:strings.Index(e.stream, "-application.")]}, {"container_name", e.container},
		{"docker_id", e.stream[len(e.stream)-68 : len(e.stream)-4]}, {"container_image", e.image}}}}, "")
	return string(b)
}

// eventID is a 56-digit CloudWatch Logs event id.
func eventID(o *svcOut, e k8sEvent) string {
	s := strconv.FormatInt(e.t, 10)
	for len(s) < 56 {
		s += strconv.FormatUint(o.hash("evid", e.stream, s)%10, 10)
	}
	return s
}

func uaBrowserAlt(r *rand.Rand) string {
	return pick(r, []string{uaBrowser,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1"})
}

// apigwRequest is one API Gateway access log record written.
type apigwRequest struct {
	ip, status, integrationError string
}

// writeAPIGateway writes the access log group of the public API, exported
// to S3.
func (o *svcOut) writeAPIGateway(scale float64) error {
	w := o.w
	r := newRand(w.seed, 0x5e0003)
	type rec struct {
		t                     int64 // ms
		ip, method, path, res string
		status, integErr, ua  string
		length                int
	}
	var recs []rec
	add := func(x rec) {
		recs = append(recs, x)
		o.apigw = append(o.apigw, apigwRequest{x.ip, x.status, x.integErr})
	}
	paths := []string{"/v1/orders", "/v1/products", "/v1/products/{id}", "/v1/cart"}
	n := scaled(600, scale)
	for i := 0; i < n; i++ {
		res := pick(r, paths)
		path := strings.Replace(res, "{id}", itoa(between(r, 1000, 9999)), 1)
		status, integ := "200", "-"
		if r.IntN(100) == 0 { // a stale link now and then
			status, res, path = "404", "/{proxy+}", "/v1/product/"+itoa(between(r, 1000, 9999))
		}
		add(rec{t: (bgStart+r.Int64N(bgEnd-bgStart))*1000 + int64(r.IntN(1000)), ip: pick(r, w.clients), method: "GET", path: "/prod" + path,
			res: res, status: status, integErr: integ, ua: uaBrowserAlt(r), length: between(r, 40, 4000)})
	}
	// The fuzzing burst: a wordlist against the proxy resource, a file
	// reader behind it answering "No such file or directory" for some.
	words := []string{".env", ".git/config", "admin", "backup", "config", "wp-login.php", "phpinfo.php", "server-status", "api/v2",
		"debug", "console", "actuator/env", "etc/passwd", "../../etc/passwd", "uploads", "old", "test", "v1/internal", "swagger.json", "graphql"}
	t := at(9, 47, 3) * 1000
	for i := 0; i < 240; i++ {
		word := words[i%len(words)]
		if i >= len(words) {
			word += "." + pick(r, []string{"bak", "zip", "old", "txt", "json", "tar.gz"})
		}
		status, integ := "404", "-"
		if i%8 == 3 {
			status, integ = "502", "ENOENT: No such file or directory, open '/var/task/static/"+word+"'"
		}
		add(rec{t: t, ip: w.atk.ssrfIP, method: "GET", path: "/prod/v1/files/" + word, res: "/v1/files/{proxy+}", status: status, integErr: integ,
			ua: "Fuzz Faster U Fool v2.1.0-dev", length: 45})
		t += int64(between(r, 150, 900))
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].t < recs[j].t })
	stream := string(appendHex(nil, o.hash("apigw-stream"), 16)) + string(appendHex(nil, o.hash("apigw-stream2"), 16))
	var b []byte
	for _, x := range recs {
		msg, err := marshalJSON(obj{{"requestId", o.uuid("req", itoa(int(x.t)), x.ip, x.path)}, {"sourceIp", x.ip},
			{"requestTime", time.UnixMilli(x.t).UTC().Format("02/Jan/2006:15:04:05 -0700")}, {"httpMethod", x.method},
			{"resourcePath", x.res}, {"path", x.path}, {"status", x.status}, {"protocol", "HTTP/1.1"},
			{"responseLength", itoa(x.length)}, {"integrationErrorMessage", x.integErr}, {"userAgent", x.ua}}, "")
		if err != nil {
			return err
		}
		b = append(b, isoMillis(x.t/1000, int(x.t%1000))...)
		b = append(b, ' ')
		b = append(append(b, msg...), '\n')
	}
	return o.writeFile("apigateway/exportedlogs/"+o.uuid("apigw-export")+"/"+stream+"/000000.gz", b)
}

// s3Request is one S3 server access log record written.
type s3Request struct{ ua string }

// writeS3Access writes S3 server access logs of two prod buckets, one
// object per hour with records, as S3 delivers them.
func (o *svcOut) writeS3Access(scale float64) error {
	w := o.w
	r := newRand(w.seed, 0x5e0004)
	owner := canonicalID(o, "prod")
	type rec struct {
		t                              int64
		bucket, ip, requester, op, key string
		uri, status, errCode, ua, auth string
		sent, size                     int
	}
	var recs []rec
	appRole := "arn:aws:sts::" + w.prod.id + ":assumed-role/" + w.workerRole.name + "/" + w.worker1.instance
	n := scaled(300, scale)
	for i := 0; i < n; i++ {
		t := bgStart + r.Int64N(bgEnd-bgStart)
		if r.IntN(3) == 0 {
			key := "static/" + pick(r, []string{"app.js", "site.css", "logo.svg", "hero.jpg"})
			recs = append(recs, rec{t: t, bucket: "acme-prod-static-assets", ip: pick(r, w.clients), requester: "-", op: "REST.GET.OBJECT",
				key: key, uri: "GET /" + key + " HTTP/1.1", status: "200", errCode: "-", ua: uaBrowserAlt(r), auth: "-", sent: between(r, 2000, 90000), size: 90000})
			continue
		}
		key := "exports/orders-" + time.Unix(t, 0).UTC().Format("2006-01-02") + "-" + itoa(r.IntN(24)) + ".parquet"
		recs = append(recs, rec{t: t, bucket: "acme-prod-customer-data", ip: "10.0.2." + itoa(between(r, 30, 31)), requester: appRole, op: "REST.PUT.OBJECT",
			key: key, uri: "PUT /" + key + " HTTP/1.1", status: "200", errCode: "-", ua: uaJavaApp, auth: "AuthHeader", sent: 0, size: between(r, 100000, 900000)})
	}
	// The stolen web-1 session reads the customer data from 203.0.113.10.
	thief := "arn:aws:sts::" + w.prod.id + ":assumed-role/" + w.webRole.name + "/" + w.web1.instance
	tt := at(10, 31, 4)
	recs = append(recs, rec{t: tt, bucket: "acme-prod-customer-data", ip: w.atk.ssrfIP, requester: thief, op: "REST.GET.BUCKET", key: "-",
		uri: "GET /?list-type=2&prefix=&encoding-type=url HTTP/1.1", status: "200", errCode: "-", ua: w.atk.sessionUA + " command/s3.ls", auth: "AuthHeader", sent: 18211})
	for i, key := range []string{"exports/customers-full.csv", "exports/cards-2024-03.csv", "exports/users.json"} {
		recs = append(recs, rec{t: tt + 40 + int64(i*22), bucket: "acme-prod-customer-data", ip: w.atk.ssrfIP, requester: thief, op: "REST.GET.OBJECT",
			key: key, uri: "GET /" + key + " HTTP/1.1", status: "200", errCode: "-", ua: w.atk.sessionUA + " command/s3.cp", auth: "AuthHeader", sent: 48213774, size: 48213774})
	}
	// The port scanner probes the static bucket for leftovers.
	for i, key := range []string{".env", "backup.zip", ".git/config", "config.json", "db.sql"} {
		recs = append(recs, rec{t: at(10, 41, 30) + int64(i*3), bucket: "acme-prod-static-assets", ip: w.atk.scanner, requester: "-", op: "REST.GET.OBJECT",
			key: key, uri: "GET /" + key + " HTTP/1.1", status: "403", errCode: "AccessDenied", ua: "python-requests/2.31.0", auth: "-", sent: 243})
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].t < recs[j].t })

	objects := map[int64][]byte{}
	var hours []int64
	for _, x := range recs {
		h := x.t - x.t%hour
		if _, ok := objects[h]; !ok {
			hours = append(hours, h)
		}
		reqID := strings.ToUpper(string(appendHex(nil, o.hash("s3req", itoa(int(x.t)), x.key, x.ip), 16)))
		hostID := string(appendHex(nil, o.hash("hostid", reqID), 16)) + "+" + string(appendHex(nil, o.hash("hostid2", reqID), 16)) + "="
		sig, cipher, tls := "SigV4", "TLS_AES_128_GCM_SHA256", "TLSv1.3"
		if x.auth == "-" {
			sig = "-"
		}
		size := "-"
		if x.size > 0 {
			size = itoa(x.size)
		}
		sent := "-"
		if x.sent > 0 {
			sent = itoa(x.sent)
		}
		line := owner + " " + x.bucket + " [" + time.Unix(x.t, 0).UTC().Format("02/Jan/2006:15:04:05 -0700") + "] " + x.ip + " " + x.requester + " " +
			reqID + " " + x.op + " " + x.key + " \"" + x.uri + "\" " + x.status + " " + x.errCode + " " + sent + " " + size + " " +
			itoa(between(r, 5, 400)) + " " + itoa(between(r, 1, 60)) + " \"-\" \"" + x.ua + "\" - " + hostID + " " + sig + " " + cipher + " " +
			x.auth + " " + x.bucket + ".s3.us-east-1.amazonaws.com " + tls + " - - -\n"
		objects[h] = append(objects[h], line...)
		o.s3 = append(o.s3, s3Request{x.ua})
	}
	for _, h := range hours {
		stamp := time.Unix(h+int64(between(r, 600, 3000)), 0).UTC().Format("2006-01-02-15-04-05")
		name := stamp + "-" + strings.ToUpper(string(appendHex(nil, o.hash("s3obj", stamp), 16)))
		if err := o.writeFile("s3-access-logs/acme-s3-access-logs-"+w.prod.id+"/logs/"+name, objects[h]); err != nil {
			return err
		}
	}
	return nil
}
